"""Writing the annual assessment of year Y in an edition, each file written beside and
renamed into place:

- internal: <output>/reports/assessment_<Y>.html and .xlsx (marked 内部资料);
- published: <output>/reports/public/assessment_<Y>.html and .xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboards.files import replaced_when_written
from dashboards.public import PublicFigures, analytics_path
from dashboards.reports.html import render_report
from dashboards.reports.scorecard import build_scorecard
from dashboards.reports.workbook import write_workbook
from pipelines.registry.editions import INTERNAL, PUBLISHED

REPORTS_DIR = "reports"
PUBLIC_REPORTS_DIR = "public"  # under REPORTS_DIR
# The editions of the assessment, in the order they are written.
ASSESSMENT_EDITIONS = (INTERNAL, PUBLISHED)


class NoSuchCohort(ValueError):
    """The year is not a cohort year of the figures."""


@dataclass(frozen=True)
class Assessment:
    year: int
    edition: str
    html: Path
    workbook: Path


def report_directory(output: Path, edition: str = INTERNAL) -> Path:
    directory = Path(output) / REPORTS_DIR
    if edition == PUBLISHED:
        return directory / PUBLIC_REPORTS_DIR
    if edition == INTERNAL:
        return directory
    raise ValueError(f"no assessment directory for the {edition} edition")


def report_paths(output: Path, year: int, edition: str = INTERNAL) -> tuple[Path, Path]:
    directory = report_directory(output, edition)
    return directory / f"assessment_{year}.html", directory / f"assessment_{year}.xlsx"


def reportable_years(figures: PublicFigures) -> list[int]:
    return figures.cohort_years()


def write_assessment(figures: PublicFigures, output: Path, year: int,
                     generated_at: datetime | None = None) -> Assessment:
    """The report and the workbook of `year` in the edition of `figures`."""
    years = reportable_years(figures)
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "none"
        raise NoSuchCohort(f"no cohort {year} in the figures (cohorts: {span})")
    scorecard = build_scorecard(figures, year)
    html_path, workbook_path = report_paths(output, year, figures.edition)
    moment = generated_at or datetime.now().astimezone()
    with replaced_when_written(html_path) as temporary:
        temporary.write_text(render_report(scorecard, figures, moment), encoding="utf-8")
    with replaced_when_written(workbook_path) as temporary:
        write_workbook(temporary, scorecard, figures)
    return Assessment(year, figures.edition, html_path, workbook_path)


def load_editions(output: Path) -> dict[str, PublicFigures]:
    """The figures of each edition of the assessment, from <output>/analytics.duckdb."""
    return {edition: PublicFigures.load(analytics_path(output), edition) for edition in ASSESSMENT_EDITIONS}


def write_assessments(editions: dict[str, PublicFigures], output: Path, year: int,
                      generated_at: datetime | None = None) -> list[Assessment]:
    """Both editions of the assessment of `year` (internal first)."""
    moment = generated_at or datetime.now().astimezone()
    return [write_assessment(editions[edition], output, year, moment) for edition in ASSESSMENT_EDITIONS]
