"""The cells, lines and links of marts.metric_values and marts.annual_reach, and what the
published edition shows of each row: the small-cell rule of pipelines/publish/
suppression.py (its docstring is the rule) applied to both tables in one pass.

A cell is (table, row index, field): table "m" for metric_values, "r" for annual_reach.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from pipelines.publish.suppression import (
    COMPLEMENT,
    POPULATION_HIDDEN,
    WITHHELD,
    Line,
    row_suppression,
    suppress_cells,
)
from pipelines.registry.metrics import (
    ALL_PERSONS,
    COHORT,
    COUNT,
    KAPLAN_MEIER,
    MEAN,
    MEDIAN,
    RATE,
    REGISTRY,
    MetricRegistry,
)

METRICS, REACH = "m", "r"
NATIONAL = "national"
COHORT_SIZE = "cohort_size"
SINGLE, THREE = 1, 3
FIELDS = ("numerator", "denominator", "value")
# The fields that count persons, by metric kind; a metric the registry does not know is a rate.
KIND_COUNT_FIELDS = {COUNT: ("value",), MEAN: ("denominator",), MEDIAN: ("denominator",)}
RATE_FIELDS = ("numerator", "denominator")
# annual_reach: measures that count persons (their count fields) and institution counts.
REACH_PERSON_FIELDS = {
    "students": ("value",),
    "girls_share": RATE_FIELDS,
    "survey_response_rate": RATE_FIELDS,
}
STUDENTS, RESPONSE_RATE = "students", "survey_response_rate"
GIRLS_GROUP = ("gender", "女")
HIDDEN_COLUMNS = {
    "numerator_hidden": pl.String,
    "denominator_hidden": pl.String,
    "value_hidden": pl.String,
    "suppression": pl.String,
}

Cell = tuple[str, int, str]


def whole(value) -> int | None:
    """A count as an int; None for NULL, NaN or a fraction (no cell)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number != int(number):
        return None
    return int(number)


def pooled(row: Mapping) -> int | None:
    """cohorts_pooled: 1 on a single-cohort row even where the column is missing."""
    given = row.get("cohorts_pooled")
    return given if given is not None or row["cohort_year"] is None else SINGLE


def _order(value) -> tuple:
    """Sorting key that puts NULL (pooled, no horizon) first."""
    return (value is not None, value if value is not None else 0)


@dataclass
class Tables:
    """The rows of both tables (dicts of the marts' columns) and what this module finds."""

    metrics: list[dict]
    reach: list[dict]
    registry: MetricRegistry = REGISTRY
    counts: dict[Cell, int] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    links: list[list[Cell]] = field(default_factory=list)
    complements: list[Cell] = field(default_factory=list)

    def metric(self, name: str):
        return self._metrics.get(name)

    def __post_init__(self) -> None:
        self._metrics = {m.name: m for m in self.registry.metrics}

    def kind(self, name: str) -> str | None:
        metric = self.metric(name)
        return metric.kind if metric else None

    def count_fields(self, name: str) -> tuple[str, ...]:
        return KIND_COUNT_FIELDS.get(self.kind(name), RATE_FIELDS)

    def published(self, name: str) -> bool:
        return getattr(self.metric(name), "published", True)

    def population_metric(self, name: str) -> str:
        """The COUNT metric of the population `name` counts (Metric.population): cohort_size,
        or the applicants of an application year."""
        population = getattr(self.metric(name), "population", None)
        counts = [m.name for m in self.registry.metrics
                  if m.kind == COUNT and getattr(m, "population", None) == population]
        return counts[0] if population is not None and counts else COHORT_SIZE

    def population_of(self, name: str, field: str) -> str | None:
        """Which population the count `field` of metric `name` is, so that the same
        population published twice is hidden in both (rule 4): the person flag the registry
        counts (a rate's numerator or denominator), or the population's COUNT metric for a
        count of everybody (cohort_size, applicants). None for a count that is nobody
        else's (Kaplan–Meier's at-risk and events, the scored applicants of a median).
        Two counts that are equal by chance are not the same population."""
        metric = self.metric(name)
        if metric is None:
            return None
        if field == "value" and metric.kind == COUNT:
            return name
        flag = {"numerator": metric.numerator, "denominator": metric.denominator}.get(field)
        if flag is not None:
            return self.population_metric(name) if flag == ALL_PERSONS else flag
        if field == "denominator" and metric.kind in (RATE, MEAN, MEDIAN) and metric.population == COHORT:
            return self.population_metric(name)  # training hours, coverage, Top-Notch: the cohort
        return None

    @property
    def population_metrics(self) -> set[str]:
        """The metrics whose value counts a population (cohort_size, applicants)."""
        return {COHORT_SIZE, *(m.name for m in self.registry.metrics if m.kind == COUNT)}


# --- which rows are published ------------------------------------------------------------

def three_cohort_years(rows: Sequence[Mapping]) -> dict[tuple, list[int]]:
    """(metric, horizon, cohort_year) of each three-cohort row → its three cohort years: the
    last three at or before cohort_year at which the metric (at that horizon) is defined
    (a single-cohort row of some group has a denominator)."""
    defined: dict[tuple, set[int]] = defaultdict(set)
    for row in rows:
        if pooled(row) == SINGLE and row.get("denominator") is not None:
            defined[(row["metric"], row["horizon"])].add(row["cohort_year"])
    years = {}
    for row in rows:
        if pooled(row) == THREE:
            key = (row["metric"], row["horizon"])
            years[(*key, row["cohort_year"])] = sorted(y for y in defined[key] if y <= row["cohort_year"])[-3:]
    return years


def metric_populations(rows: Sequence[Mapping], tables: Tables) -> list[int | None]:
    """Each row's population (module docstring of suppression.py); None when unknown."""
    sizes = {
        (r["metric"], r["cohort_year"], r["group_type"], r["group_value"], pooled(r)): whole(r["value"])
        for r in rows if r["metric"] in tables.population_metrics
    }
    threes = three_cohort_years(rows)
    covered: dict[tuple, list[int]] = defaultdict(list)  # the cohorts an all-cohort row sums
    for row in rows:
        if pooled(row) == SINGLE and any(row.get(f) is not None for f in tables.count_fields(row["metric"])):
            covered[(row["metric"], row["horizon"], row["group_type"], row["group_value"])].append(row["cohort_year"])
    found = []
    for row in rows:
        metric = tables.population_metric(row["metric"])
        group = (row["group_type"], row["group_value"])
        if pooled(row) == THREE:
            cohorts = threes[(row["metric"], row["horizon"], row["cohort_year"])]
        elif pooled(row) is None and row["metric"] != metric:
            cohorts = covered.get((row["metric"], row["horizon"], *group))
        else:
            cohorts = None
        if cohorts is None:
            found.append(sizes.get((metric, row["cohort_year"], *group, pooled(row))))
        else:
            parts = [sizes.get((metric, y, *group, SINGLE)) for y in cohorts]
            found.append(None if not parts or None in parts else sum(parts))
    return found


def reach_populations(rows: Sequence[Mapping]) -> list[int | None]:
    """Each annual_reach row's population: the unit's students of the year, or for
    survey_response_rate its alumni (students of the years before)."""
    students = {(r["year"], r["group_type"], r["group_value"]): whole(r["value"])
                for r in rows if r["measure"] == STUDENTS}
    found = []
    for row in rows:
        group = (row["group_type"], row["group_value"])
        if row["measure"] == RESPONSE_RATE:
            before = [n for (year, *g), n in students.items() if tuple(g) == group and year < row["year"]]
            found.append(whole(row["denominator"]) if row["denominator"] is not None else sum(n or 0 for n in before))
        else:
            found.append(students.get((row["year"], *group)))
    return found


def published_rows(metrics: Sequence[Mapping], reach: Sequence[Mapping], registry: MetricRegistry) -> Tables:
    """The rows that reach public: no unpublished metric, no empty group."""
    tables = Tables([], [], registry)
    candidates = [dict(r) for r in metrics if tables.published(r["metric"])]
    populations = metric_populations(candidates, tables)
    tables.metrics = [r for r, n in zip(candidates, populations, strict=True) if n != 0]
    reach_rows = [dict(r) for r in reach]
    populations = reach_populations(reach_rows)
    tables.reach = [r for r, n in zip(reach_rows, populations, strict=True) if n != 0]
    return tables


# --- cells, lines, links -----------------------------------------------------------------

def find_cells(tables: Tables, k: int) -> None:
    """Every count of persons, and the numerators whose complement is below k."""
    counts = tables.counts
    for index, row in enumerate(tables.metrics):
        for name in tables.count_fields(row["metric"]):
            count = whole(row.get(name))
            if count is not None:
                counts[(METRICS, index, name)] = count
    for index, row in enumerate(tables.reach):
        for name in REACH_PERSON_FIELDS.get(row["measure"], ()):
            count = whole(row.get(name))
            if count is not None:
                counts[(REACH, index, name)] = count

    persons = {(r["cohort_year"], r["group_type"], r["group_value"]): whole(r["value"])
               for r in tables.metrics if r["metric"] == COHORT_SIZE and r["cohort_year"] is None}
    rates = [(METRICS, i, r) for i, r in enumerate(tables.metrics) if tables.count_fields(r["metric"]) == RATE_FIELDS]
    rates += [(REACH, i, r) for i, r in enumerate(tables.reach) if r["measure"] in ("girls_share", RESPONSE_RATE)]
    for table, index, row in rates:
        numerator = counts.get((table, index, "numerator"))
        if table == METRICS and tables.kind(row["metric"]) == KAPLAN_MEIER:
            base = persons.get((None, row["group_type"], row["group_value"]))
        else:
            base = counts.get((table, index, "denominator"))
        if numerator is not None and base is not None and numerator >= k and base - numerator < k:
            tables.complements.append((table, index, "numerator"))


def metric_lines(tables: Tables) -> None:
    """Groups against the national row; cohorts against the all-cohort row; the three
    cohorts against their three-cohort row."""
    rows = tables.metrics
    columns: dict[tuple, list[int]] = defaultdict(list)
    national: dict[tuple, int] = {}
    singles: dict[tuple, dict[int, int]] = defaultdict(dict)
    all_cohorts: dict[tuple, int] = {}
    threes: list[int] = []
    ordered = sorted(range(len(rows)), key=lambda i: (_order(rows[i]["cohort_year"]), _order(rows[i]["group_value"])))
    for index in ordered:
        row = rows[index]
        at = (row["metric"], row["horizon"], row["cohort_year"], pooled(row))
        if row["group_type"] == NATIONAL:
            national[at] = index
        else:
            columns[(*at, row["group_type"])].append(index)
        group = (row["metric"], row["horizon"], row["group_type"], row["group_value"])
        if pooled(row) == SINGLE:
            singles[group][row["cohort_year"]] = index
        elif pooled(row) is None:
            all_cohorts[group] = index
        else:
            threes.append(index)

    def add(indices: Sequence[int], total: int | None, metric: str) -> None:
        if total is not None:
            tables.lines.extend(
                Line(tuple((METRICS, i, f) for i in indices), (METRICS, total, f)) for f in tables.count_fields(metric)
            )

    for (metric, *at), indices in sorted(columns.items(), key=lambda i: repr(i[0])):
        add(indices, national.get((metric, *at[:3])), metric)
    for group, by_year in sorted(singles.items(), key=lambda i: repr(i[0])):
        add([by_year[y] for y in sorted(by_year)], all_cohorts.get(group), group[0])
    years = three_cohort_years(rows)
    for index in threes:
        row = rows[index]
        by_year = singles.get((row["metric"], row["horizon"], row["group_type"], row["group_value"]), {})
        three = years[(row["metric"], row["horizon"], row["cohort_year"])]
        add([by_year[y] for y in three if y in by_year], index, row["metric"])


def reach_lines(tables: Tables) -> None:
    """The units against the national row; a unit's alumni who responded in a year against
    its cohorts' follow-up numerators of that survey year."""
    rows = tables.reach
    national = {(r["year"], r["measure"], r["detail"]): i for i, r in enumerate(rows) if r["group_type"] == NATIONAL}
    units: dict[tuple, list[int]] = defaultdict(list)
    for index in sorted(range(len(rows)), key=lambda i: rows[i]["group_value"]):
        row = rows[index]
        if row["group_type"] != NATIONAL:
            units[(row["year"], row["measure"], row["detail"])].append(index)
    for at, indices in sorted(units.items(), key=lambda i: repr(i[0])):
        if at in national:
            for name in REACH_PERSON_FIELDS.get(at[1], ()):
                tables.lines.append(Line(tuple((REACH, i, name) for i in indices), (REACH, national[at], name)))

    coverage = {(r["cohort_year"], r["group_type"], r["group_value"], r["horizon"]): i
                for i, r in enumerate(tables.metrics) if r["metric"] == "followup_coverage" and pooled(r) == SINGLE}
    for index, row in enumerate(rows):
        total = tables.counts.get((REACH, index, "numerator"))
        if row["measure"] != RESPONSE_RATE or total is None:
            continue
        cells = [(METRICS, i, "numerator") for (cohort, gt, gv, horizon), i in sorted(coverage.items(), key=repr)
                 if (gt, gv) == (row["group_type"], row["group_value"]) and cohort < row["year"]
                 and horizon == row["year"] - cohort]
        if sum(tables.counts.get(c, 0) for c in cells) == total:
            tables.lines.append(Line(tuple(cells), (REACH, index, "numerator")))


def population_links_and_lines(tables: Tables) -> None:
    """Links of the same population published twice, and the lines between sums of
    cohort sizes (rule 4 and the last lines of rule 3 in suppression.py)."""
    same: dict[tuple, list[Cell]] = defaultdict(list)
    for (table, index, name), count in tables.counts.items():
        if table == METRICS:
            row = tables.metrics[index]
            population = tables.population_of(row["metric"], name)
            if population is not None:
                same[(population, row["cohort_year"], pooled(row), row["group_type"], row["group_value"],
                      count)].append((table, index, name))
        else:
            row = tables.reach[index]
            if row["measure"] == STUDENTS or (row["measure"] == "girls_share" and name == "denominator"):
                same[(COHORT_SIZE, row["year"], SINGLE, row["group_type"], row["group_value"], count)].append(
                    (table, index, name))
    tables.links.extend(cells for cells in same.values() if len(cells) > 1)

    sizes: dict[tuple, dict[int, Cell]] = defaultdict(dict)  # group → cohort year → cohort size cell
    for index, row in enumerate(tables.metrics):
        if row["metric"] == COHORT_SIZE and pooled(row) == SINGLE and (METRICS, index, "value") in tables.counts:
            sizes[(row["group_type"], row["group_value"])][row["cohort_year"]] = (METRICS, index, "value")
    for index, row in enumerate(tables.reach):  # the nation's girls are the 女 group's cohort size
        girls = (REACH, index, "numerator")
        if row["measure"] == "girls_share" and row["group_type"] == NATIONAL and girls in tables.counts:
            size = sizes[GIRLS_GROUP].get(row["year"])
            if size is not None and tables.counts[size] == tables.counts[girls]:
                tables.links.append([girls, size])

    sums: dict[tuple, dict[frozenset, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for group, cell, cohorts in _cohort_sums(tables, sizes):
        if cohorts and all(c in sizes[group] for c in cohorts) and sum(tables.counts[sizes[group][c]] for c in cohorts) == tables.counts[cell]:
            sums[group][frozenset(cohorts)].append(cell)
    for group, by_cohorts in sums.items():
        for cohorts, cells in by_cohorts.items():
            if len(cohorts) == 1:
                (cohort,) = cohorts
                cells = [*cells, sizes[group][cohort]]
            tables.links.append(cells)
            # Against every smaller sum it contains (the difference is the cohorts it adds),
            # not only the largest: three-cohort sums and the horizons' sums overlap.
            for inner in [frozenset(), *(c for c in by_cohorts if c < cohorts)]:
                parts = [by_cohorts[inner][0]] if inner else []
                parts += [sizes[group][c] for c in sorted(cohorts - inner)]
                tables.lines.append(Line(tuple(parts), cells[0]))


def _cohort_sums(tables: Tables, sizes: Mapping[tuple, Mapping[int, Cell]]):
    """(group, cell, cohorts) of each count that may be the sum of the group's cohort sizes
    over `cohorts`: all-cohort cohort sizes and denominators (the cohorts whose
    single-cohort row has the count), three-cohort denominators, a unit's alumni."""
    singles: dict[tuple, set[int]] = defaultdict(set)
    for index, row in enumerate(tables.metrics):
        for name in ("value", "denominator"):
            if pooled(row) == SINGLE and (METRICS, index, name) in tables.counts:
                singles[(row["metric"], row["horizon"], row["group_type"], row["group_value"], name)].add(row["cohort_year"])
    years = three_cohort_years(tables.metrics)
    for index, row in enumerate(tables.metrics):
        group = (row["group_type"], row["group_value"])
        for name in ("value", "denominator"):
            cell = (METRICS, index, name)
            if cell not in tables.counts or tables.population_of(row["metric"], name) != COHORT_SIZE:
                continue
            if pooled(row) is None:
                yield group, cell, singles[(row["metric"], row["horizon"], *group, name)]
            elif pooled(row) == THREE:
                yield group, cell, set(years[(row["metric"], row["horizon"], row["cohort_year"])])
    for index, row in enumerate(tables.reach):
        cell = (REACH, index, "denominator")
        if row["measure"] == RESPONSE_RATE and cell in tables.counts:
            group = (row["group_type"], row["group_value"])
            yield group, cell, {c for c in sizes.get(group, {}) if c < row["year"]}


# --- what each row shows -------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    """The published rows of both tables with, per row, why its numerator, denominator and
    value are hidden (small_count, complement, complementary, linked, withheld; NULL when
    shown) and the row's `suppression`."""

    metric_values: pl.DataFrame
    annual_reach: pl.DataFrame


def _flags(rows: Sequence[Mapping], table: str, hidden: Mapping[Cell, str], fields_of, withheld_with) -> dict[str, list]:
    columns: dict[str, list] = {name: [] for name in HIDDEN_COLUMNS}
    for index, row in enumerate(rows):
        count_fields = fields_of(row)
        reasons = {f: hidden.get((table, index, f)) for f in count_fields}
        suppression = row_suppression(reasons)
        withheld = suppression is not None
        if not withheld and withheld_with(row):
            withheld, suppression = True, POPULATION_HIDDEN
        for name in FIELDS:
            if name in count_fields:
                reason = reasons[name]
            else:
                reason = WITHHELD if withheld and (name == "value" or row.get(name) is not None) else None
            columns[f"{name}_hidden"].append(reason)
        columns["suppression"].append(suppression)
    return columns


def _with_flags(frame: pl.DataFrame, rows: Sequence[Mapping], columns: dict[str, list]) -> pl.DataFrame:
    kept = pl.DataFrame(rows, schema=frame.schema) if rows else frame.clear()
    return kept.with_columns(
        pl.Series(name, columns[name], dtype=dtype) for name, dtype in HIDDEN_COLUMNS.items()
    )


def suppress_published(
    metric_values: pl.DataFrame, annual_reach: pl.DataFrame, k: int, registry: MetricRegistry = REGISTRY,
) -> Published:
    """The rows of marts.metric_values and marts.annual_reach that are published, with what
    is hidden in them, from one pass of the rule over both tables."""
    tables = published_rows(metric_values.to_dicts(), annual_reach.to_dicts(), registry)
    find_cells(tables, k)
    metric_lines(tables)
    reach_lines(tables)
    population_links_and_lines(tables)
    hidden = suppress_cells(tables.counts, tables.lines, k, tables.links, tables.complements)

    students = {(r["year"], r["group_type"], r["group_value"]): i
                for i, r in enumerate(tables.reach) if r["measure"] == STUDENTS}

    def students_hidden(row: Mapping) -> bool:
        if row["measure"] in REACH_PERSON_FIELDS:
            return False
        index = students.get((row["year"], row["group_type"], row["group_value"]))
        return index is not None and (REACH, index, "value") in hidden

    metric_flags = _flags(tables.metrics, METRICS, hidden, lambda r: tables.count_fields(r["metric"]), lambda r: False)
    reach_flags = _flags(tables.reach, REACH, hidden, lambda r: REACH_PERSON_FIELDS.get(r["measure"], ()),
                         students_hidden)
    return Published(
        _with_flags(metric_values, tables.metrics, metric_flags),
        _with_flags(annual_reach, tables.reach, reach_flags),
    )


__all__ = ["COMPLEMENT", "Published", "Tables", "suppress_published"]
