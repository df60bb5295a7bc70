"""Writing unit packs: <output>/reports/units/<Y>/<code>_<short name>.html and .xlsx (e.g.
440000_广东.html), each written beside and renamed into place, and one copy of plotly.js
for all of them at <output>/reports/units/plotly.min.js (the packs load ../plotly.min.js:
3.5 MB once, not in each of 32 files).

`write_unit_packs` reads analytics.duckdb once (UnitEditions, read_deliveries) and writes
the packs of the units asked for (all 32 by default). A unit with no students in year Y
still gets its pack: its figures of cohort Y read `—` (无相应学生), its trends, reach and
deliveries are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from plotly.offline import get_plotlyjs

from dashboards.files import replaced_when_written
from dashboards.public import analytics_path
from dashboards.reports.build import REPORTS_DIR, NoSuchCohort
from dashboards.reports.units.deliveries import Deliveries, read_deliveries
from dashboards.reports.units.figures import UnitEditions, pack_content
from dashboards.reports.units.html import PLOTLY_FILE, render_pack
from dashboards.reports.units.workbook import write_pack_workbook
from pipelines.contract.provinces import PROVINCE_BY_CODE, PROVINCE_CODES

UNITS_DIR = "units"  # under REPORTS_DIR


class NoSuchUnit(ValueError):
    """The code is not one of the 32 reporting units."""


@dataclass(frozen=True)
class UnitPack:
    year: int
    unit: str
    html: Path
    workbook: Path


def units_directory(output: Path) -> Path:
    return Path(output) / REPORTS_DIR / UNITS_DIR


def pack_paths(output: Path, year: int, unit: str) -> tuple[Path, Path]:
    """<output>/reports/units/<Y>/<code>_<short name>.{html,xlsx} (metrics.md fixes the name)."""
    stem = f"{unit}_{PROVINCE_BY_CODE[unit].short_name}"
    directory = units_directory(output) / str(year)
    return directory / f"{stem}.html", directory / f"{stem}.xlsx"


def write_plotly(output: Path) -> Path:
    """The one plotly.js the packs share, rewritten only when it differs (another Plotly)."""
    path = units_directory(output) / PLOTLY_FILE
    script = get_plotlyjs()
    if not path.exists() or path.stat().st_size != len(script.encode("utf-8")):
        with replaced_when_written(path) as temporary:
            temporary.write_text(script, encoding="utf-8")
    return path


def write_unit_pack(editions: UnitEditions, deliveries: Deliveries, output: Path, year: int, unit: str,
                    generated_at: datetime) -> UnitPack:
    figures = editions.of(unit)
    content = pack_content(figures, year)
    unit_deliveries = deliveries.of(unit, year)
    html_path, workbook_path = pack_paths(output, year, unit)
    with replaced_when_written(html_path) as temporary:
        temporary.write_text(render_pack(content, unit_deliveries, generated_at), encoding="utf-8")
    with replaced_when_written(workbook_path) as temporary:
        write_pack_workbook(temporary, content, unit_deliveries, generated_at)
    return UnitPack(year, unit, html_path, workbook_path)


def write_unit_packs(output: Path, year: int | None = None, units: tuple[str, ...] | list[str] = PROVINCE_CODES,
                     generated_at: datetime | None = None) -> list[UnitPack]:
    """The packs of `units` for `year` (default: the latest cohort year of the figures,
    that of the last delivery) from <output>/analytics.duckdb."""
    for unit in units:
        if unit not in PROVINCE_BY_CODE:
            raise NoSuchUnit(f"{unit} is not a reporting unit (a six-digit code such as 440000)")
    analytics = analytics_path(output)
    editions = UnitEditions.load(analytics)
    years = editions.published.cohort_years()
    if year is None:
        if not years:
            return []
        year = years[-1]
    if year not in years:
        span = f"{years[0]}–{years[-1]}" if years else "none"
        raise NoSuchCohort(f"no cohort {year} in the figures (cohorts: {span})")
    deliveries = read_deliveries(analytics)
    moment = generated_at or datetime.now().astimezone()
    write_plotly(output)
    return [write_unit_pack(editions, deliveries, output, year, unit, moment) for unit in units]
