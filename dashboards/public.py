"""The published figures the dashboards and the annual assessment are built from: the
`public` schema of <output>/analytics.duckdb, small cells already suppressed, and nothing
else. (The file also holds the analysts' unsuppressed marts; they are never read here.)

- public.metric_values: the metrics of metrics.md, hidden figures NULL, `*_display`
  showing them as `<k` or the withheld mark;
- public.publication: k and how hidden figures are marked;
- public.annual_reach (when published): per calendar year, nationally and per reporting
  unit, students selected, girls, schools, universities and mentors engaged (by title),
  alumni and alumni who answered that year's survey — the figures of the annual
  assessment that metric_values does not hold (see ANNUAL_REACH_COLUMNS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dashboards.cells import SHOWN, SMALL, UNDEFINED_STATE, WITHHELD, Cell

ANALYTICS_FILE = "analytics.duckdb"
PUBLIC = "public"
NATIONAL_TYPE, NATIONAL_VALUE = "national", "all"
# The group types the pages and the report show (universities on the breakdowns page).
GROUP_TYPES_READ = ("national", "province", "discipline", "gender", "grade", "mentor_title", "university")

METRIC_COLUMNS = (
    "metric", "cohort_year", "group_type", "group_value", "horizon",
    "numerator", "denominator", "value", "ci_low", "ci_high",
)

# The public view the annual assessment asks of the publish step (not yet published when
# absent; the figures that need it then read "not published"). One row per year, group
# and measure; `count` NULL when hidden, `count_display` the number, <k or the mark.
ANNUAL_REACH = "annual_reach"
ANNUAL_REACH_COLUMNS = (
    "year", "group_type", "group_value", "measure", "detail", "count", "count_display", "suppression",
)
# measure → what it counts in `year` (detail: the mentor title for `mentors`, else NULL
# meaning all).
REACH_MEASURES = {
    "students": "persons of cohort `year` (selected in that year)",
    "girls": "persons of cohort `year` whose gender is 女",
    "schools": "distinct secondary schools of the persons of cohort `year`",
    "universities": "distinct training universities (university_code) of cohort `year`",
    "mentors": "distinct mentors (mentor_id) of cohort `year`; detail = title, NULL = all",
    "alumni": "persons of cohorts before `year` (everyone who could be surveyed in `year`)",
    "alumni_responded": "of those, persons with a follow-up response for survey year `year`",
}


class PublicFiguresMissing(Exception):
    """No analytics.duckdb, or one without the public schema."""


def analytics_path(output: Path) -> Path:
    return Path(output) / ANALYTICS_FILE


@dataclass
class PublicFigures:
    """The public schema in memory (a few hundred thousand rows at most)."""

    rows: dict[tuple, dict]
    small_label: str = "<5"
    withheld_mark: str = "*"
    k: int = 5
    published_at: datetime | None = None
    run_id: str | None = None
    reach: dict[tuple, dict] | None = None
    source: Path | None = None
    # What there is, found once: the charts and the report ask thousands of times.
    _years: list[int] = field(init=False, repr=False)
    _horizon: int | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._years = sorted(
            key[1] for key in self.rows
            if key[0] == "cohort_size" and key[2] == NATIONAL_TYPE and key[5] == 1
        )
        horizons = [key[1] + key[4] for key in self.rows
                    if key[0] == "followup_coverage" and key[5] == 1 and key[4] is not None]
        self._horizon = max(horizons) if horizons else None

    # --- loading ----------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> PublicFigures:
        path = Path(path)
        if not path.exists():
            raise PublicFiguresMissing(f"no published analytics database at {path}: run `yingcai run` first")
        con = duckdb.connect(str(path), read_only=True)
        try:
            tables = {
                name for (name,) in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [PUBLIC]
                ).fetchall()
            }
            if "metric_values" not in tables:
                raise PublicFiguresMissing(f"{path} has no public.metric_values")
            metric_columns = {
                name for (name,) in con.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = ? AND table_name = 'metric_values'", [PUBLIC]
                ).fetchall()
            }
            wanted = [*METRIC_COLUMNS, *(c for c in (
                "cohorts_pooled", "numerator_display", "denominator_display", "value_display", "suppressed", "suppression",
            ) if c in metric_columns)]
            # Column names come from the fixed lists above.
            cursor = con.execute(
                f"SELECT {', '.join(wanted)} FROM public.metric_values WHERE list_contains(?, group_type)",
                [list(GROUP_TYPES_READ)],
            )
            names = [d[0] for d in cursor.description]
            rows = {}
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                pooled = row.get("cohorts_pooled", 1 if row["cohort_year"] is not None else None)
                rows[(row["metric"], row["cohort_year"], row["group_type"], row["group_value"], row["horizon"],
                      pooled)] = row
            figures = cls(rows=rows, source=path)
            if "publication" in tables:
                publication = con.execute(
                    "SELECT small_cell_k, small_count_label, withheld_mark, published_at, run_id "
                    "FROM public.publication LIMIT 1"
                ).fetchone()
                if publication:
                    figures.k, figures.small_label, figures.withheld_mark = publication[:3]
                    figures.published_at, figures.run_id = publication[3:]
            if ANNUAL_REACH in tables:
                cursor = con.execute(f"SELECT {', '.join(ANNUAL_REACH_COLUMNS)} FROM public.{ANNUAL_REACH}")
                figures.reach = {
                    (r[0], r[1], r[2], r[3], r[4]): dict(zip(ANNUAL_REACH_COLUMNS, r, strict=True))
                    for r in cursor.fetchall()
                }
        finally:
            con.close()
        return figures

    # --- cells ------------------------------------------------------------------------

    def _state(self, value, display, suppressed) -> str:
        if value is not None:
            return SHOWN
        if display == self.small_label:
            return SMALL
        if display is not None or suppressed:
            return WITHHELD
        return UNDEFINED_STATE

    def cell(self, metric: str, cohort_year: int | None = None, group_type: str = NATIONAL_TYPE,
             group_value: str = NATIONAL_VALUE, horizon: int | None = None, field: str = "value",
             cohorts_pooled: int | None = None) -> Cell:
        """One figure of public.metric_values as a reader may see it: of the single cohort
        `cohort_year` (or all cohorts when it is None), or of the `cohorts_pooled` = 3
        cohorts up to `cohort_year`."""
        if cohorts_pooled is None and cohort_year is not None:
            cohorts_pooled = 1
        row = self.rows.get((metric, cohort_year, group_type, group_value, horizon, cohorts_pooled))
        if row is None:
            return Cell(small_label=self.small_label)
        value = row[field]
        display = row.get(f"{field}_display")
        # Without display columns, the row's `suppressed` flag says a NULL is hidden.
        fallback = f"{field}_display" not in row and bool(row.get("suppressed"))
        state = self._state(value, display, fallback)
        if state == SHOWN:
            low = row["ci_low"] if field == "value" else None
            high = row["ci_high"] if field == "value" else None
            return Cell(float(value), SHOWN, low, high, self.small_label)
        return Cell(state=state, small_label=self.small_label)

    @property
    def reach_published(self) -> bool:
        return self.reach is not None

    def reach_cell(self, year: int, measure: str, group_type: str = NATIONAL_TYPE,
                   group_value: str = NATIONAL_VALUE, detail: str | None = None) -> Cell:
        """One count of public.annual_reach; undefined when the view is not published."""
        if self.reach is None:
            return Cell(small_label=self.small_label)
        row = self.reach.get((year, group_type, group_value, measure, detail))
        if row is None:
            return Cell(small_label=self.small_label)
        state = self._state(row["count"], row["count_display"], False)
        value = float(row["count"]) if state == SHOWN else None
        return Cell(value, state, small_label=self.small_label)

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
