"""Writing the annual assessment of year Y: <output>/reports/assessment_<Y>.html and
assessment_<Y>.xlsx, each written beside and renamed into place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboards.public import PublicFigures
from pipelines.reports.html import render_report
from pipelines.reports.scorecard import build_scorecard
from pipelines.reports.workbook import write_workbook

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
    html_path.parent.mkdir(parents=True, exist_ok=True)
    moment = generated_at or datetime.now().astimezone()
    # Fixed temporary names (one writer at a time): a killed run's leftover is overwritten.
    temporary = html_path.with_name(f".{html_path.name}.tmp")
    temporary.write_text(render_report(scorecard, figures, moment), encoding="utf-8")
    os.replace(temporary, html_path)
    temporary = workbook_path.with_name(f".{workbook_path.stem}.tmp.xlsx")
    write_workbook(temporary, scorecard, figures)
    os.replace(temporary, workbook_path)
    return Assessment(year, html_path, workbook_path)
