"""The figures the dashboards and the annual assessment are built from, in one of the
three editions of metrics.md ("Editions and small cells"), all read from
<output>/analytics.duckdb:

- PUBLISHED (the default: dashboards, the public assessment): the `public` schema only,
  small cells already suppressed — public.metric_values (hidden figures NULL, `*_display`
  showing them as `<k` or the withheld mark), public.annual_reach and public.publication;
- INTERNAL (the office's assessment): marts.metric_values and marts.annual_reach, every
  figure as computed, with its interval;
- UNIT_FEEDBACK (one reporting unit's pack): the unit's own rows from the marts, every other
  row as published — the same `PublicFigures` with the unit's rows laid over.

annual_reach holds per calendar year, nationally and per reporting unit, the figures of the
assessment that metric_values does not (REACH_MEASURES). An undefined figure is a `Cell`
carrying its `reason` in words (Metric.undefined_reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dashboards.cells import SHOWN, SMALL, UNDEFINED_STATE, WITHHELD, Cell, ratio, total
from pipelines.registry.editions import (
    EMPTY_GROUP,
    INTERNAL,
    NO_SURVEY_IN_YEAR,
    PUBLISHED,
    UNDEFINED_MARK,
    UNIT_FEEDBACK,
    Reason,
)
from pipelines.registry.metrics import REGISTRY, THREE_COHORTS

ANALYTICS_FILE = "analytics.duckdb"
PUBLIC, MARTS = "public", "marts"
NATIONAL_TYPE, NATIONAL_VALUE = "national", "all"
PROVINCE_TYPE = "province"
# The group types the pages and the report show (universities on the breakdowns page).
GROUP_TYPES_READ = ("national", "province", "discipline", "gender", "grade", "mentor_title", "university")

KEY_COLUMNS = ("metric", "cohort_year", "group_type", "group_value", "horizon")
FIGURE_COLUMNS = ("numerator", "denominator", "value", "ci_low", "ci_high")
METRIC_COLUMNS = (*KEY_COLUMNS, *FIGURE_COLUMNS)
# What the published edition adds to a row: how a hidden figure reads, and why.
DISPLAY_COLUMNS = ("numerator_display", "denominator_display", "value_display", "suppressed", "suppression")

ANNUAL_REACH = "annual_reach"
REACH_KEY_COLUMNS = ("year", "group_type", "group_value", "measure", "detail")
REACH_COLUMNS = (*REACH_KEY_COLUMNS, *FIGURE_COLUMNS)
# measure → what it holds for `year` (INTERFACES12 §2; detail: the mentor title for
# `mentors`, else NULL meaning all).
REACH_MEASURES = {
    "students": "value = persons of cohort `year`",
    "girls_share": "girls of cohort `year` / students, Wilson interval",
    "schools": "value = distinct secondary schools of cohort `year`",
    "universities": "value = distinct training universities of cohort `year`",
    "mentors": "value = distinct mentors of cohort `year`; detail = title, NULL = all",
    "survey_response_rate": "alumni (cohorts before `year`) who answered the survey of `year` / alumni",
}
REACH_UNDEFINED_REASONS = {"survey_response_rate": NO_SURVEY_IN_YEAR}


class PublicFiguresMissing(Exception):
    """No analytics.duckdb, or one without the tables of the edition asked for."""


def analytics_path(output: Path) -> Path:
    return Path(output) / ANALYTICS_FILE


def metric_reason(metric: str) -> Reason | None:
    """Why a figure of `metric` is not defined (None for a metric the registry does not know)."""
    try:
        return REGISTRY.metric(metric).undefined_reason
    except StopIteration:
        return None


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    return {name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [schema]).fetchall()}


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    return {name for (name,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
        [schema, table]).fetchall()}


def _read(con: duckdb.DuckDBPyConnection, schema: str, table: str, wanted: tuple[str, ...],
          where: str = "", parameters: list | None = None) -> list[dict]:
    """The rows of schema.table with the wanted columns it has (schema, table and columns
    from this module's fixed names)."""
    present = _columns(con, schema, table)
    columns = [c for c in wanted if c in present]
    cursor = con.execute(f"SELECT {', '.join(columns)} FROM {schema}.{table} {where}", parameters or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _metric_rows(con: duckdb.DuckDBPyConnection, schema: str) -> dict[tuple, dict]:
    rows = {}
    for row in _read(con, schema, "metric_values", (*METRIC_COLUMNS, "cohorts_pooled", *DISPLAY_COLUMNS),
                     "WHERE list_contains(?, group_type)", [list(GROUP_TYPES_READ)]):
        pooled = row.get("cohorts_pooled", 1 if row["cohort_year"] is not None else None)
        rows[(row["metric"], row["cohort_year"], row["group_type"], row["group_value"], row["horizon"], pooled)] = row
    return rows


def _reach_rows(con: duckdb.DuckDBPyConnection, schema: str) -> dict[tuple, dict] | None:
    if ANNUAL_REACH not in _tables(con, schema):
        return None
    return {tuple(row[c] for c in REACH_KEY_COLUMNS): row
            for row in _read(con, schema, ANNUAL_REACH, (*REACH_COLUMNS, *DISPLAY_COLUMNS))}


def own_unit_row(key: tuple, unit: str, group_at: int) -> bool:
    return key[group_at] == PROVINCE_TYPE and key[group_at + 1] == unit


@dataclass
class PublicFigures:
    """The figures of one edition in memory (a few hundred thousand rows at most)."""

    rows: dict[tuple, dict]
    small_label: str = "<5"
    withheld_mark: str = "*"
    k: int = 5
    published_at: datetime | None = None
    run_id: str | None = None
    reach: dict[tuple, dict] | None = None
    source: Path | None = None
    edition: str = PUBLISHED
    unit: str | None = None  # the reporting unit of a UNIT_FEEDBACK edition
    # university_code → name (public.universities: institutions, no persons); empty when absent
    university_names: dict[str, str] = field(default_factory=dict)
    # What there is, found once: the charts and the report ask thousands of times.
    _years: list[int] = field(init=False, repr=False)
    _horizon: int | None = field(init=False, repr=False)
    _metrics: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._years = sorted(
            key[1] for key in self.rows
            if key[0] == "cohort_size" and key[2] == NATIONAL_TYPE and key[5] == 1
        )
        horizons = [key[1] + key[4] for key in self.rows
                    if key[0] == "followup_coverage" and key[5] == 1 and key[4] is not None]
        self._horizon = max(horizons) if horizons else None
        self._metrics = {key[0] for key in self.rows}

    # --- loading ----------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, edition: str = PUBLISHED, unit: str | None = None) -> PublicFigures:
        """The figures of `edition` from analytics.duckdb at `path` (`unit`: the reporting
        unit whose own figures a UNIT_FEEDBACK edition shows as computed)."""
        path = Path(path)
        if edition not in (INTERNAL, UNIT_FEEDBACK, PUBLISHED):
            raise ValueError(f"unknown edition {edition!r}")
        if (edition == UNIT_FEEDBACK) != (unit is not None):
            raise ValueError("a unit-feedback edition, and only that, names its unit")
        if not path.exists():
            raise PublicFiguresMissing(f"no published analytics database at {path}: run `yingcai run` first")
        con = duckdb.connect(str(path), read_only=True)
        try:
            schema = MARTS if edition == INTERNAL else PUBLIC
            if "metric_values" not in _tables(con, schema):
                raise PublicFiguresMissing(f"{path} has no {schema}.metric_values")
            rows, reach = _metric_rows(con, schema), _reach_rows(con, schema)
            if edition == UNIT_FEEDBACK:
                rows |= {k: r for k, r in _metric_rows(con, MARTS).items() if own_unit_row(k, unit, 2)}
                own_reach = _reach_rows(con, MARTS) or {}
                if reach is not None:
                    reach |= {k: r for k, r in own_reach.items() if own_unit_row(k, unit, 1)}
            figures = cls(rows=rows, reach=reach, source=path, edition=edition, unit=unit)
            if "publication" in _tables(con, PUBLIC):
                publication = con.execute(
                    "SELECT small_cell_k, small_count_label, withheld_mark, published_at, run_id "
                    "FROM public.publication LIMIT 1"
                ).fetchone()
                if publication:
                    figures.k, figures.small_label, figures.withheld_mark = publication[:3]
                    figures.published_at, figures.run_id = publication[3:]
            if "universities" in _tables(con, PUBLIC):
                figures.university_names = dict(
                    con.execute("SELECT university_code, name FROM public.universities").fetchall())
        finally:
            con.close()
        return figures

    @property
    def internal(self) -> bool:
        return self.edition == INTERNAL

    # --- cells ------------------------------------------------------------------------

    def _cell(self, row: dict | None, field: str, reason: Reason | None) -> Cell:
        """A row's figure as this edition shows it."""
        if row is None:
            return Cell(small_label=self.small_label, reason=reason)
        value = row[field]
        if value is not None:
            interval = field == "value"
            return Cell(float(value), SHOWN, row.get("ci_low") if interval else None,
                        row.get("ci_high") if interval else None, self.small_label)
        display = row.get(f"{field}_display")
        if display == self.small_label:
            return Cell(state=SMALL, small_label=self.small_label)
        # The published `—` is a figure that is not defined, not a hidden one; without
        # display columns, the row's `suppressed` flag says a NULL is hidden.
        if (display is not None and display != UNDEFINED_MARK) or (
                f"{field}_display" not in row and row.get("suppressed")):
            return Cell(state=WITHHELD, small_label=self.small_label)
        if row.get("denominator") == 0:
            reason = EMPTY_GROUP  # nobody to count, whatever the metric's own rule
        return Cell(state=UNDEFINED_STATE, small_label=self.small_label, reason=reason)

    def cell(self, metric: str, cohort_year: int | None = None, group_type: str = NATIONAL_TYPE,
             group_value: str = NATIONAL_VALUE, horizon: int | None = None, field: str = "value",
             cohorts_pooled: int | None = None) -> Cell:
        """One figure of metric_values as this edition's reader sees it: of the single
        cohort `cohort_year` (or all cohorts when it is None), or of the `cohorts_pooled` = 3
        cohorts up to `cohort_year`. Undefined figures carry why."""
        if cohorts_pooled is None and cohort_year is not None:
            cohorts_pooled = 1
        row = self.rows.get((metric, cohort_year, group_type, group_value, horizon, cohorts_pooled))
        reason = metric_reason(metric)
        if row is None:
            # The metric is there but not this group (or cohort); or not computed at all.
            reason = EMPTY_GROUP if metric in self._metrics else None
        return self._cell(row, field, reason)

    @property
    def reach_published(self) -> bool:
        return self.reach is not None

    def reach_cell(self, year: int, measure: str, group_type: str = NATIONAL_TYPE,
                   group_value: str = NATIONAL_VALUE, detail: str | None = None, field: str = "value") -> Cell:
        """One figure of annual_reach (REACH_MEASURES); a group without its population
        (no row) has none, a year without a survey no response rate."""
        if self.reach is None:
            return Cell(small_label=self.small_label)
        row = self.reach.get((year, group_type, group_value, measure, detail))
        return self._cell(row, field, REACH_UNDEFINED_REASONS.get(measure, EMPTY_GROUP) if row else EMPTY_GROUP)

    def pooled_three_year(self, metric: str, horizon: int | None = None) -> int | None:
        """The latest cohort of the national three-cohort row of `metric` (None without one)."""
        years = [key[1] for key in self.rows if key[0] == metric and key[5] == 3 and key[4] == horizon
                 and key[2] == NATIONAL_TYPE]
        return max(years) if years else None

    def three_cohort_years(self, metric: str, horizon: int | None = None) -> list[int]:
        """The cohorts the latest three-cohort row of `metric` pools, oldest first: the last
        three cohort years up to its cohort_year at which the metric is defined (empty
        without such a row)."""
        latest = self.pooled_three_year(metric, horizon)
        if latest is None:
            return []
        defined = [y for y in self.cohort_years()
                   if y <= latest and self.cell(metric, y, horizon=horizon).state != UNDEFINED_STATE]
        return defined[-THREE_COHORTS:]

    def reached_over(self, cohorts: list[int], group_type: str = NATIONAL_TYPE,
                     group_value: str = NATIONAL_VALUE) -> Cell:
        """ever_reached over several cohorts (the coverage beside a three-cohort figure):
        the published counts of the cohorts at which it is defined, added up; withheld when
        one of them is hidden (the sum could give it back)."""
        defined = [y for y in cohorts
                   if self.cell("ever_reached", y, group_type, group_value).state != UNDEFINED_STATE]
        if not defined:
            return self.cell("ever_reached", cohorts[-1], group_type, group_value) if cohorts else Cell()
        return ratio(total(self.cell("ever_reached", y, group_type, group_value, field="numerator") for y in defined),
                     total(self.cell("ever_reached", y, group_type, group_value, field="denominator") for y in defined))

    # --- what there is ----------------------------------------------------------------

    def cohort_years(self) -> list[int]:
        """Cohort years with a national cohort_size row, ascending."""
        return self._years

    def data_horizon(self) -> int | None:
        """H, the latest survey year: the largest cohort year + follow-up horizon."""
        return self._horizon

    def group_values(self, group_type: str, metric: str = "cohort_size") -> list[str]:
        return sorted({key[3] for key in self.rows if key[0] == metric and key[2] == group_type})

    def horizons(self, metric: str, cohort_year: int | None = None,
                 group_type: str = NATIONAL_TYPE, group_value: str = NATIONAL_VALUE) -> list[int]:
        return sorted({
            key[4] for key in self.rows
            if key[0] == metric and key[1] == cohort_year and key[2] == group_type
            and key[3] == group_value and key[4] is not None
            and key[5] == (None if cohort_year is None else 1)
        })
