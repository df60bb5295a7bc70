"""Writing the annual assessment of year Y: <output>/reports/assessment_<Y>.html and
assessment_<Y>.xlsx, each written beside and renamed into place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboards.public import PublicFigures
from dashboards.files import replaced_when_written
from dashboards.reports.html import render_report
from dashboards.reports.scorecard import build_scorecard
from dashboards.reports.workbook import write_workbook

REPORTS_DIR = "reports"


class NoSuchCohort(ValueError):
    """The year is not a cohort year of the published figures."""


@dataclass(frozen=True)
class Assessment:
    year: int
    html: Path
    workbook: Path


def report_paths(output: Path, year: int) -> tuple[Path, Path]:
    directory = Path(output) / REPORTS_DIR
    return directory / f"assessment_{year}.html", directory / f"assessment_{year}.xlsx"


def reportable_years(figures: PublicFigures) -> list[int]:
    return figures.cohort_years()


def write_assessment(figures: PublicFigures, output: Path, year: int,
                     generated_at: datetime | None = None) -> Assessment:
    """The report and the workbook of `year` from the public figures."""
    years = reportable_years(figures)
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "none"
        raise NoSuchCohort(f"no cohort {year} in the published figures (cohorts: {span})")
    scorecard = build_scorecard(figures, year)
    html_path, workbook_path = report_paths(output, year)
    moment = generated_at or datetime.now().astimezone()
    with replaced_when_written(html_path) as temporary:
        temporary.write_text(render_report(scorecard, figures, moment), encoding="utf-8")
    with replaced_when_written(workbook_path) as temporary:
        write_workbook(temporary, scorecard, figures)
    return Assessment(year, html_path, workbook_path)
