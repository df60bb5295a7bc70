"""The published edition of the demo run, recomputed from the internal figures (marts):
every figure public.metric_values (and public.annual_reach, when it has rows) shows equals
the marts, every hidden one is hidden for a reason of metrics.md's rules, and no hidden
count can be recovered by subtraction within the same table (metrics.md, "Editions and
small cells")."""

from collections import defaultdict

import duckdb
import pytest

from pipelines.publish.database import ANALYTICS_FILE
from pipelines.registry.editions import UNDEFINED_MARK, WITHHELD_MARK
from pipelines.registry.metrics import ALL_PERSONS, COHORT, COUNT, MEAN, MEDIAN, REGISTRY

K = 5
SMALL = f"<{K}"
KEY = ("metric", "cohort_year", "group_type", "group_value", "horizon", "cohorts_pooled")
REACH_KEY = ("year", "group_type", "group_value", "measure", "detail")
FIGURES = ("numerator", "denominator", "value", "ci_low", "ci_high")
KINDS = {m.name: m.kind for m in REGISTRY.metrics}
# The counts of persons of a metric's row, by kind (metrics.md: a mean or median is over
# its denominator's persons; a COUNT's value is persons).
COUNTED = {COUNT: ("value",), MEAN: ("denominator",), MEDIAN: ("denominator",)}
REACH_COUNTED = {"students": ("value",), "girls_share": ("numerator", "denominator"),
                 "survey_response_rate": ("numerator", "denominator")}
# Metrics whose denominator is the persons of the cohort(s): their all-cohort denominators
# are sums of cohort sizes.
OVER_COHORTS = {m.name for m in REGISTRY.metrics if m.population == COHORT
                and (m.denominator == ALL_PERSONS or m.kind in (MEAN, MEDIAN))} | {"topnotch_rate", "followup_coverage"}


def counted(metric: str) -> tuple[str, ...]:
    return COUNTED.get(KINDS.get(metric), ("numerator", "denominator"))


def _read(con, table: str, key: tuple[str, ...]) -> dict[tuple, dict]:
    cursor = con.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    return {tuple(r[c] for c in key): r for r in rows}


@pytest.fixture(scope="module")
def edition(demo_run):
    with duckdb.connect(str(demo_run.paths.output / ANALYTICS_FILE), read_only=True) as con:
        tables = {s + "." + t for s, t in con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
        marts = _read(con, "marts.metric_values", KEY)
        public = _read(con, "public.metric_values", KEY)
        reach_marts = _read(con, "marts.annual_reach", REACH_KEY) if "marts.annual_reach" in tables else {}
        reach = _read(con, "public.annual_reach", REACH_KEY)
        (k,) = con.execute("SELECT small_cell_k FROM public.publication").fetchone()
    assert k == K
    return marts, public, reach_marts, reach


def _hidden(row: dict, field: str) -> bool:
    return row[field] is None and row[f"{field}_display"] is not None and row[f"{field}_display"] != UNDEFINED_MARK


def _covered(marts: dict) -> dict[tuple, list[int]]:
    """(metric, group_type, group_value, horizon) → the cohort years whose single-cohort row
    has a count: the cohorts the all-cohort row adds up."""
    found = defaultdict(list)
    for key, row in marts.items():
        if key[5] == 1 and any(row[f] is not None for f in counted(key[0])):
            found[(key[0], *key[2:5])].append(key[1])
    return found


def _population(marts: dict, covered: dict, key: tuple) -> int | None:
    """The persons a row is about: the cohort size (applicants) of its group and cohort, or
    of the cohorts an all-cohort row adds up."""
    metric, cohort_year, group_type, group_value, horizon, pooled = key
    population = "applicants" if getattr(REGISTRY.metric(metric) if metric in KINDS else None,
                                         "population", "cohort") == "applicants" else "cohort_size"
    if pooled == 3:
        return None
    cohorts = covered.get((metric, group_type, group_value, horizon))
    if pooled is None and metric != population and cohorts:
        return sum(int(marts[(population, y, group_type, group_value, None, 1)]["value"]) for y in cohorts)
    row = marts.get((population, cohort_year, group_type, group_value, None, pooled))
    return None if row is None or row["value"] is None else int(row["value"])


# --- every published figure from the marts --------------------------------------------

def test_public_has_the_marts_rows_but_empty_groups_and_unpublished_metrics(edition):
    marts, public, _, _ = edition
    assert set(public) <= set(marts)
    unpublished = {m.name for m in REGISTRY.metrics if not getattr(m, "published", True)}
    covered = _covered(marts)
    for key in set(marts) - set(public):
        assert key[0] in unpublished or _population(marts, covered, key) == 0 or (
            key[5] == 3 and (marts[key]["denominator"] or 0) == 0), key
    for key in public:
        assert _population(marts, covered, key) != 0, key
    dropped = [key for key in marts if key not in public]
    assert dropped, "the demo has groups without students in some cohort"


def test_every_shown_figure_equals_the_marts(edition):
    marts, public, _, _ = edition
    for key, row in public.items():
        for field in FIGURES:
            if row[field] is not None:
                assert row[field] == pytest.approx(marts[key][field]), (key, field)


def test_every_hidden_figure_is_hidden_for_a_rule(edition):
    marts, public, _, _ = edition
    seen = defaultdict(int)
    for key, row in public.items():
        true = marts[key]
        fields = counted(key[0])
        hidden_counts = []
        for field in fields:
            count = true[field]
            if count is None:
                assert row[f"{field}_display"] is None
                continue
            if count < K:  # 0 included
                assert (row[field], row[f"{field}_display"]) == (None, SMALL), (key, field)
                hidden_counts.append(field)
                seen["small"] += 1
            elif row[field] is None:
                assert row[f"{field}_display"] == WITHHELD_MARK, (key, field)
                hidden_counts.append(field)
                seen["withheld"] += 1
            else:
                assert row[f"{field}_display"] == str(int(count))
        complement = (fields == ("numerator", "denominator") and KINDS.get(key[0]) != "kaplan_meier"
                      and true["numerator"] is not None and true["numerator"] >= K
                      and true["denominator"] - true["numerator"] < K)
        if complement:
            assert row["suppression"] == "complement" and row["numerator_display"] == WITHHELD_MARK, key
            seen["complement"] += 1
        if hidden_counts:
            assert row["suppressed"] and row["suppression"] in (
                "small_denominator", "small_count", "complement", "complementary"), key
            if "value" not in fields:
                assert (row["value"], row["ci_low"], row["ci_high"], row["value_display"]) == (
                    None, None, None, WITHHELD_MARK), key
        else:
            assert not row["suppressed"], key
            if true["value"] is None:
                assert row["value_display"] == UNDEFINED_MARK, key
    assert seen["small"] and seen["withheld"] and seen["complement"]


def test_no_published_rate_has_a_numerator_or_complement_below_k(edition):
    marts, public, _, _ = edition
    for key, row in public.items():
        if counted(key[0]) == ("numerator", "denominator") and row["value"] is not None:
            true = marts[key]
            assert true["numerator"] >= K, key
            if KINDS.get(key[0]) != "kaplan_meier":
                assert true["denominator"] - true["numerator"] >= K, key


def test_no_zero_is_shown_where_a_count_is_shown(edition):
    _, public, _, reach = edition
    for key, row in public.items():
        for field in counted(key[0]):
            assert row[field] != 0, (key, field)
            assert row[f"{field}_display"] != "0", (key, field)
    for key, row in reach.items():
        for field in REACH_COUNTED.get(key[3], ()):
            assert row[field] != 0, (key, field)


# --- nothing hidden can be recovered ---------------------------------------------------

def _lines(public: dict) -> list[tuple[str, list[tuple], tuple]]:
    """(field, cells, total) of every line of public.metric_values: groups against the
    national row; single cohorts against the all-cohort row; three single cohorts against
    their three-cohort row (cohorts_pooled 3 rows of the provinces against the national
    one are among the first kind)."""
    lines = []
    columns = defaultdict(list)
    by_group = defaultdict(dict)
    for key in public:
        metric, year, group_type, group_value, horizon, pooled = key
        if group_type != "national":
            columns[(metric, year, group_type, horizon, pooled)].append(key)
        if pooled == 1:
            by_group[(metric, group_type, group_value, horizon)][year] = key
    for (metric, year, _, horizon, pooled), cells in columns.items():
        lines.append((metric, cells, (metric, year, "national", "all", horizon, pooled)))
    for (metric, group_type, group_value, horizon), years in by_group.items():
        lines.append((metric, list(years.values()), (metric, None, group_type, group_value, horizon, None)))
    defined = defaultdict(set)
    for key, row in public.items():
        if key[5] == 1 and row["denominator_display"] is not None:
            defined[(key[0], key[4])].add(key[1])
    for key in public:
        if key[5] == 3:
            metric, year, group_type, group_value, horizon, _ = key
            three = sorted(y for y in defined[(metric, horizon)] if y <= year)[-3:]
            cells = [(metric, y, group_type, group_value, horizon, 1) for y in three]
            lines.append((metric, [c for c in cells if c in public], key))
    return lines


def test_no_line_of_public_metric_values_has_exactly_one_hidden_member(edition):
    marts, public, _, _ = edition
    checked = 0
    for metric, cells, total in _lines(public):
        if total not in public:
            continue
        for field in counted(metric):
            members = [c for c in [*cells, total] if marts[c][field] is not None]
            hidden = [c for c in members if _hidden(public[c], field)]
            assert len(hidden) != 1, (field, hidden)
            checked += 1
            if hidden and not _hidden(public[total], field):
                shown = sum(public[c][field] for c in cells if c in members and not _hidden(public[c], field))
                # a group type that leaves some persons out (no university) adds up to less
                assert public[total][field] - shown >= sum(marts[c][field] for c in hidden if c != total)
    assert checked > 1000


def test_no_hidden_cohort_size_follows_from_two_sums_of_cohort_sizes(edition):
    """All-cohort denominators over different cohorts (the horizons of topnotch_rate,
    ever_reached against cohort_size): their difference is the sizes of the cohorts one
    has and the other lacks, never exactly one hidden size."""
    marts, public, _, _ = edition
    cohorts = defaultdict(set)
    for key, row in marts.items():
        field = "value" if key[0] == "cohort_size" else "denominator"
        if key[0] in OVER_COHORTS and key[5] == 1 and row[field] is not None and key in public:
            cohorts[(key[0], key[2], key[3], key[4])].add(key[1])
    sums = defaultdict(dict)  # group → cohorts → shown sum
    for key, row in public.items():
        field = "value" if key[0] == "cohort_size" else "denominator"
        if key[0] in OVER_COHORTS and key[5] is None and row[field] is not None:
            sums[(key[2], key[3])][frozenset(cohorts[(key[0], key[2], key[3], key[4])])] = row[field]
    checked = 0
    for (group_type, group_value), by_cohorts in sums.items():
        for inner in by_cohorts:
            for outer in by_cohorts:
                if inner < outer:
                    added = [("cohort_size", y, group_type, group_value, None, 1) for y in outer - inner]
                    hidden = [c for c in added if c in public and public[c]["value"] is None]
                    assert len(hidden) != 1, (group_type, group_value, sorted(outer - inner))
                    checked += 1
    assert checked > 100


# --- public.annual_reach -----------------------------------------------------------------

def test_annual_reach_is_published_with_its_columns(demo_run):
    with duckdb.connect(str(demo_run.paths.output / ANALYTICS_FILE), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'public' AND table_name = 'annual_reach' "
            "ORDER BY column_index").fetchall()]
        undefined = con.execute("SELECT undefined_mark FROM public.publication").fetchone()
    assert columns == [*REACH_KEY, *FIGURES, "numerator_display", "denominator_display", "value_display",
                       "suppressed", "suppression"]
    assert undefined == (UNDEFINED_MARK,)


def test_annual_reach_shows_the_marts_and_hides_with_metric_values(edition):
    marts, public, reach_marts, reach = edition
    if not reach:
        pytest.skip("marts.annual_reach is not built yet: public.annual_reach has no rows")
    assert set(reach) <= set(reach_marts)
    for key, row in reach.items():
        for field in FIGURES:
            if row[field] is not None:
                assert row[field] == pytest.approx(reach_marts[key][field]), (key, field)
        for field in REACH_COUNTED.get(key[3], ()):
            count = reach_marts[key][field]
            if count is not None and count < K:
                assert row[f"{field}_display"] == SMALL, key
    for (year, group_type, group_value, measure, _), row in reach.items():
        if measure == "students":  # hidden in both tables or neither
            size = public.get(("cohort_size", year, group_type, group_value, None, 1))
            assert size is not None and (size["value"] is None) == (row["value"] is None)
        elif measure not in REACH_COUNTED:
            students = reach[(year, group_type, group_value, "students", None)]
            assert (row["value"] is None) == (students["value"] is None)
    lines = defaultdict(list)
    for key in reach:
        if key[1] != "national":
            lines[(key[0], key[3], key[4])].append(key)
    for (year, measure, detail), cells in lines.items():
        total = (year, "national", "all", measure, detail)
        for field in REACH_COUNTED.get(measure, ()):
            members = [c for c in [*cells, total] if c in reach and reach_marts[c][field] is not None]
            assert sum(_hidden(reach[c], field) for c in members) != 1, (year, measure, field)
