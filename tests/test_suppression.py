"""The published edition's small-cell rules (metrics.md, "Editions and small cells") on
marts tables written for each rule: exactly which cells public.metric_values and
public.annual_reach hide, and that no hidden count can be worked out from a total."""

import random
from dataclasses import dataclass

import duckdb
import polars as pl
import pytest

from pipelines.publish.public import ANNUAL_REACH_SCHEMA, METRIC_VALUES_SCHEMA, build_public_figures
from pipelines.publish.published_cells import suppress_published
from pipelines.publish.suppression import Line, SmallCellKError, small_cell_k, suppress_cells
from pipelines.registry.metrics import RATE, REGISTRY, Metric, MetricRegistry

COLUMNS = tuple(METRIC_VALUES_SCHEMA)
REACH_COLUMNS = tuple(ANNUAL_REACH_SCHEMA)
P1, P2, P3, P4, P5 = "110000", "120000", "130000", "140000", "150000"


def size(cohort_year, group_type, group_value, n, pooled=None):
    pooled = pooled or (1 if cohort_year is not None else None)
    return dict(zip(COLUMNS, ("cohort_size", cohort_year, group_type, group_value, None, pooled,
                              None, None, float(n), None, None), strict=True))


def rate(metric, cohort_year, group_type, group_value, numerator, denominator, horizon=None, pooled=None):
    pooled = pooled or (1 if cohort_year is not None else None)
    value = numerator / denominator if numerator is not None and denominator else None
    ci = (None, None) if value is None else (max(value - 0.1, 0.0), min(value + 0.1, 1.0))
    return dict(zip(COLUMNS, (metric, cohort_year, group_type, group_value, horizon, pooled,
                              numerator, denominator, value, *ci), strict=True))


def reach(year, group_type, group_value, measure, value=None, numerator=None, denominator=None, detail=None):
    if numerator is not None and denominator:
        value = numerator / denominator
    return dict(zip(REACH_COLUMNS, (year, group_type, group_value, measure, detail, numerator, denominator,
                                    value, None, None), strict=True))


def publish(tmp_path, rows, k=5, reach_rows=None) -> dict[tuple, dict]:
    """public.metric_values built from `rows` as marts.metric_values (and `reach_rows` as
    marts.annual_reach), by (metric, cohort_year, group_type, group_value, horizon,
    cohorts_pooled); the public.annual_reach rows under ("reach", year, group_type,
    group_value, measure, detail)."""
    with duckdb.connect(str(tmp_path / "analytics.duckdb")) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.register("made", pl.DataFrame(rows, schema=METRIC_VALUES_SCHEMA))
        con.execute("CREATE OR REPLACE TABLE marts.metric_values AS FROM made")
        con.execute("DROP TABLE IF EXISTS marts.annual_reach")
        if reach_rows is not None:
            con.register("made_reach", pl.DataFrame(reach_rows, schema=ANNUAL_REACH_SCHEMA))
            con.execute("CREATE TABLE marts.annual_reach AS FROM made_reach")
        build_public_figures(con, k)
        published = con.execute("FROM public.metric_values").pl().to_dicts()
        reached = con.execute("FROM public.annual_reach").pl().to_dicts()
    found = {tuple(r[c] for c in COLUMNS[:6]): r for r in published}
    found |= {("reach", *(r[c] for c in REACH_COLUMNS[:5])): r for r in reached}
    return found


def sizes(published, cohort_year=2020, group_type="province"):
    """{group_value: value_display} of the cohort sizes of one cohort year."""
    return {key[3]: row["value_display"] for key, row in published.items()
            if key[0] == "cohort_size" and key[1] == cohort_year and key[2] == group_type}


def column(counts: dict[str, int], year=2020, national=True) -> list[dict]:
    rows = [size(year, "province", p, n) for p, n in counts.items()]
    return rows + ([size(year, "national", "all", sum(counts.values()))] if national else [])


def displays(row) -> tuple:
    return (row["numerator_display"], row["denominator_display"], row["value_display"], row["suppression"])


# --- counts ----------------------------------------------------------------------------

def test_counts_from_1_to_4_are_hidden_and_shown_as_lt5(tmp_path):
    published = publish(tmp_path, column({P1: 1, P2: 2, P3: 3, P4: 4}, national=False))
    for province in (P1, P2, P3, P4):
        row = published[("cohort_size", 2020, "province", province, None, 1)]
        assert (row["value"], row["value_display"], row["suppressed"], row["suppression"]) == (
            None, "<5", True, "small_count")


def test_counts_of_5_or_more_are_shown(tmp_path):
    published = publish(tmp_path, column({P1: 5, P2: 6, P3: 120}, national=False))
    assert sizes(published) == {P1: "5", P2: "6", P3: "120"}
    assert not any(row["suppressed"] for row in published.values())


def test_a_zero_is_hidden_like_a_small_count_and_its_rate_withheld(tmp_path):
    published = publish(tmp_path, [size(2020, "province", P1, 40), rate("completion_rate", 2020, "province", P1, 0, 40)])
    row = published[("completion_rate", 2020, "province", P1, None, 1)]
    assert (row["numerator"], row["value"], row["ci_low"], row["ci_high"]) == (None, None, None, None)
    assert displays(row) == ("<5", "40", "*", "small_count")


def test_a_small_numerator_is_hidden_and_its_rate_and_interval_withheld(tmp_path):
    published = publish(tmp_path, [size(2020, "province", P1, 40), rate("completion_rate", 2020, "province", P1, 3, 40)])
    assert displays(published[("completion_rate", 2020, "province", P1, None, 1)]) == ("<5", "40", "*", "small_count")


def test_an_empty_group_has_no_row(tmp_path):
    """Empty: the group's population for the row is 0 — its cohort size for a cohort row,
    the sizes of the cohorts an all-cohort row adds up."""
    rows = [size(2019, "province", P1, 0), size(2020, "province", P1, 12), size(None, "province", P1, 12),
            rate("completion_rate", 2019, "province", P1, 0, 0), rate("completion_rate", 2020, "province", P1, 10, 12),
            rate("completion_rate", None, "province", P1, 10, 12),
            # ever_reached: defined for 2019 only, where P1 has nobody: no all-cohort row either
            rate("ever_reached", 2019, "province", P1, 0, 0), rate("ever_reached", 2020, "province", P1, None, None),
            rate("ever_reached", None, "province", P1, 0, 0)]
    published = publish(tmp_path, rows)
    assert set(published) == {
        ("cohort_size", 2020, "province", P1, None, 1), ("cohort_size", None, "province", P1, None, None),
        ("completion_rate", 2020, "province", P1, None, 1), ("completion_rate", None, "province", P1, None, None),
        ("ever_reached", 2020, "province", P1, None, 1),
    }


def test_a_value_that_is_not_defined_is_shown_as_a_dash(tmp_path):
    published = publish(tmp_path, [size(2024, "province", P1, 30), rate("ever_reached", 2024, "province", P1, None, None)])
    row = published[("ever_reached", 2024, "province", P1, None, 1)]
    assert (row["numerator_display"], row["denominator_display"], row["value_display"], row["suppressed"]) == (
        None, None, "—", False)


# --- rates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("numerator", "denominator"), [(36, 40), (22, 22), (5, 9)])
def test_a_rate_whose_complement_is_below_5_is_withheld_with_its_numerator(tmp_path, numerator, denominator):
    published = publish(tmp_path, [size(2020, "province", P1, denominator),
                                   rate("completion_rate", 2020, "province", P1, numerator, denominator)])
    row = published[("completion_rate", 2020, "province", P1, None, 1)]
    assert (row["numerator"], row["value"], row["ci_low"], row["ci_high"]) == (None, None, None, None)
    assert displays(row) == ("*", str(denominator), "*", "complement")


def test_a_rate_with_numerator_and_complement_of_at_least_5_is_given(tmp_path):
    published = publish(tmp_path, [size(2020, "province", P1, 10), rate("completion_rate", 2020, "province", P1, 5, 10)])
    row = published[("completion_rate", 2020, "province", P1, None, 1)]
    assert (row["value"], displays(row)) == (0.5, ("5", "10", "0.5", None))


def test_a_rate_whose_denominator_is_below_5_is_not_given(tmp_path):
    published = publish(tmp_path, [size(2020, "province", P1, 3), rate("completion_rate", 2020, "province", P1, 0, 3)])
    assert displays(published[("completion_rate", 2020, "province", P1, None, 1)]) == (
        "<5", "<5", "*", "small_denominator")


def test_a_mean_or_median_over_fewer_than_5_persons_is_withheld_and_over_5_given(tmp_path):
    def hours(metric, group, n, value):
        return {**rate(metric, 2020, "province", group, None, n), "value": value, "ci_low": None, "ci_high": None}
    published = publish(tmp_path, [size(2020, "province", P1, 4), size(2020, "province", P2, 5),
                                   hours("training_hours_mean", P1, 4, 181.5), hours("training_hours_median", P2, 5, 120.0)])
    small = published[("training_hours_mean", 2020, "province", P1, None, 1)]
    assert (small["value"], small["denominator_display"], small["value_display"]) == (None, "<5", "*")
    given = published[("training_hours_median", 2020, "province", P2, None, 1)]
    assert (given["value"], given["denominator_display"], given["value_display"]) == (120.0, "5", "120")


def test_kaplan_meier_rows_need_5_events_5_at_risk_and_5_without_the_event(tmp_path):
    """A Kaplan–Meier row: events (numerator) and persons at risk (denominator) are counts;
    its complement is the group's persons minus its events."""
    def km(group, events, at_risk, h=4):
        return {**rate("topnotch_km", None, "province", group, events, at_risk, horizon=h), "value": 0.3}
    rows = [size(None, "province", p, n) for p, n in {P1: 60, P2: 60, P3: 12, P4: 60}.items()]
    rows += [km(P1, 3, 40), km(P2, 10, 4), km(P3, 9, 6), km(P4, 10, 40)]
    published = publish(tmp_path, rows)
    got = {p: displays(published[("topnotch_km", None, "province", p, 4, None)]) for p in (P1, P2, P3, P4)}
    assert got == {P1: ("<5", "40", "*", "small_count"), P2: ("10", "<5", "*", "small_denominator"),
                   P3: ("*", "6", "*", "complement"), P4: ("10", "40", "0.3", None)}


def test_a_metric_of_the_internal_edition_never_reaches_public():
    @dataclass(frozen=True)
    class Internal(Metric):
        published: bool = False

    registry = MetricRegistry((*REGISTRY.metrics, Internal("selection_cutoff", RATE, "", "", "")), REGISTRY.summary_columns)
    rows = [size(2020, "discipline", "数学", 40), {**rate("selection_cutoff", 2020, "discipline", "数学", None, 40), "value": 612.0}]
    frame = pl.DataFrame(rows, schema=METRIC_VALUES_SCHEMA)
    published = suppress_published(frame, pl.DataFrame(schema=ANNUAL_REACH_SCHEMA), 5, registry)
    assert published.metric_values["metric"].to_list() == ["cohort_size"]


# --- complementary suppression --------------------------------------------------------

def test_a_column_with_one_hidden_cell_and_a_total_gets_the_smallest_remaining_cell_hidden(tmp_path):
    published = publish(tmp_path, column({P1: 3, P2: 10, P3: 7, P4: 20}))
    assert sizes(published) == {P1: "<5", P2: "10", P3: "*", P4: "20"}
    assert published[("cohort_size", 2020, "province", P3, None, 1)]["suppression"] == "complementary"
    assert sizes(published, group_type="national") == {"all": "40"}


def test_a_hidden_zero_gets_a_second_cell_hidden_beside_it(tmp_path):
    numerators = {P1: 0, P2: 13, P3: 11, P4: 15}
    rows = column({P1: 20, P2: 20, P3: 20, P4: 20})
    rows += [rate("completion_rate", 2020, "province", p, x, 20) for p, x in numerators.items()]
    rows.append(rate("completion_rate", 2020, "national", "all", 39, 80))
    published = publish(tmp_path, rows)
    got = {p: published[("completion_rate", 2020, "province", p, None, 1)]["numerator_display"] for p in numerators}
    assert got == {P1: "<5", P2: "13", P3: "*", P4: "15"}
    assert published[("completion_rate", 2020, "province", P3, None, 1)]["suppression"] == "complementary"


def test_a_numerator_hidden_by_the_complement_rule_gets_a_second_cell_hidden(tmp_path):
    numerators = {P1: 20, P2: 13, P3: 11, P4: 15}  # P1: 20 of 20, its complement 0
    rows = column({P1: 20, P2: 20, P3: 20, P4: 20})
    rows += [rate("completion_rate", 2020, "province", p, x, 20) for p, x in numerators.items()]
    rows.append(rate("completion_rate", 2020, "national", "all", 59, 80))
    published = publish(tmp_path, rows)
    got = {p: displays(published[("completion_rate", 2020, "province", p, None, 1)])[::3] for p in numerators}
    assert got == {P1: ("*", "complement"), P2: ("13", None), P3: ("*", "complementary"), P4: ("15", None)}


def test_a_row_of_cohort_years_with_one_hidden_cell_and_a_pooled_total_gets_a_second(tmp_path):
    years = {2019: 12, 2020: 4, 2021: 9, 2022: 30}
    rows = [size(y, "province", P1, n) for y, n in years.items()] + [size(None, "province", P1, sum(years.values()))]
    published = publish(tmp_path, rows)
    hidden = {y for y in years if published[("cohort_size", y, "province", P1, None, 1)]["suppressed"]}
    assert hidden == {2020, 2021}


def test_three_single_cohorts_against_their_three_cohort_row(tmp_path):
    """topnotch_rate at h = 1 of cohorts 2020–2022 of one unit (numerators 2, 6, 7) and
    their three-cohort row (cohorts_pooled = 3, cohort_year 2022): the hidden 2 needs a
    second hidden cohort, the smallest (6)."""
    numerators = {2020: 2, 2021: 6, 2022: 7}
    rows = [size(y, "province", P1, 40) for y in numerators]
    rows += [rate("topnotch_rate", y, "province", P1, x, 40, horizon=1) for y, x in numerators.items()]
    rows.append(rate("topnotch_rate", 2022, "province", P1, 15, 120, horizon=1, pooled=3))
    published = publish(tmp_path, rows)
    got = {y: published[("topnotch_rate", y, "province", P1, 1, 1)]["numerator_display"] for y in numerators}
    assert got == {2020: "<5", 2021: "*", 2022: "7"}
    assert published[("topnotch_rate", 2022, "province", P1, 1, 3)]["value_display"] == "0.125"


def test_units_three_cohort_rows_against_the_national_three_cohort_row(tmp_path):
    rows = [rate("topnotch_rate", 2022, "province", p, x, 120, horizon=1, pooled=3) for p, x in {P1: 3, P2: 15, P3: 22}.items()]
    rows.append(rate("topnotch_rate", 2022, "national", "all", 40, 360, horizon=1, pooled=3))
    published = publish(tmp_path, rows)
    got = {p: published[("topnotch_rate", 2022, "province", p, 1, 3)]["numerator_display"] for p in (P1, P2, P3)}
    assert got == {P1: "<5", P2: "*", P3: "22"}


def test_a_cohort_size_hidden_as_the_second_cell_is_hidden_as_a_denominator_too(tmp_path):
    rows = column({P1: 3, P2: 10, P3: 7, P4: 20}) + [rate("completion_rate", 2020, "province", P3, 2, 7)]
    published = publish(tmp_path, rows)
    completion = published[("completion_rate", 2020, "province", P3, None, 1)]
    assert (completion["denominator"], completion["value"], displays(completion)) == (None, None, ("<5", "*", "*", "small_count"))


def test_a_difference_of_two_sums_of_cohorts_is_no_way_to_a_hidden_cohort(tmp_path):
    """The all-cohort denominators of topnotch_rate at h = 1 (cohorts 2019–2021) and h = 2
    (2019–2020) differ by cohort 2021's size, hidden (3): one of the two sums is hidden too."""
    years = {2019: 30, 2020: 40, 2021: 3}
    rows = [size(y, "province", P1, n) for y, n in years.items()] + [size(None, "province", P1, 73)]
    for h, cohorts in ((1, (2019, 2020, 2021)), (2, (2019, 2020))):
        rows += [rate("topnotch_rate", y, "province", P1, 0 if y not in cohorts else 10 if n >= 20 else 0,
                      n if y in cohorts else None, horizon=h) for y, n in years.items()]
        rows.append(rate("topnotch_rate", None, "province", P1, 20, sum(years[y] for y in cohorts), horizon=h))
    rows = [r for r in rows if not (r["metric"] == "topnotch_rate" and r["denominator"] is None and r["cohort_year"])]
    published = publish(tmp_path, rows)
    pooled = {h: published[("topnotch_rate", None, "province", P1, h, None)]["denominator"] for h in (1, 2)}
    assert published[("cohort_size", 2021, "province", P1, None, 1)]["value"] is None
    assert None in pooled.values()


def test_a_line_whose_only_hidden_member_is_its_total_gets_a_cell_hidden():
    # `total` is also published as `elsewhere`, which line 2 hides as its second cell.
    counts = {"a": 5, "b": 6, "c": 9, "total": 20, "elsewhere": 20, "other": 2, "x": 22}
    lines = [Line(("a", "b", "c"), "total"), Line(("elsewhere", "other"), "x")]
    hidden = suppress_cells(counts, lines, k=5, links=[["total", "elsewhere"]])
    assert hidden == {"other": "small_count", "elsewhere": "complementary", "total": "linked",
                      "a": "complementary"}


def test_a_linked_small_count_stays_a_small_count():
    hidden = suppress_cells({"a": 3, "b": 3}, [], k=5, links=[["a", "b"]])
    assert hidden == {"a": "small_count", "b": "small_count"}


def _table(seed: int, provinces: int = 8, years: int = 6) -> list[dict]:
    """A cohort_size table of provinces × cohort years with national (column) totals and
    pooled (row) totals, many cells small and some empty."""
    generator = random.Random(seed)
    cells = {
        (f"{11 + p}0000", 2015 + y): generator.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 35])
        for p in range(provinces) for y in range(years)
    }
    rows = [size(y, "province", p, n) for (p, y), n in cells.items()]
    for y in {y for _, y in cells}:
        rows.append(size(y, "national", "all", sum(n for (_, yy), n in cells.items() if yy == y)))
    for p in {p for p, _ in cells}:
        rows.append(size(None, "province", p, sum(n for (pp, _), n in cells.items() if pp == p)))
    rows.append(size(None, "national", "all", sum(cells.values())))
    return rows


@pytest.mark.parametrize("seed", range(12))
def test_no_hidden_count_can_be_recovered_from_a_row_or_column_total(tmp_path, seed):
    rows = _table(seed)
    true = {(r["cohort_year"], r["group_type"], r["group_value"]): int(r["value"]) for r in rows}
    published = publish(tmp_path, rows)
    # An empty group has no row: a known 0.
    shown = {key: published[("cohort_size", *key, None, 1 if key[0] else None)]["value"]
             if ("cohort_size", *key, None, 1 if key[0] else None) in published else 0 for key in true}
    assert any(v is None for v in shown.values())
    provinces = sorted({g for (_, t, g) in true if t == "province"})
    years = sorted({y for (y, _, _) in true if y is not None})
    lines = [([(y, "province", p) for p in provinces], (y, "national", "all")) for y in [*years, None]]
    lines += [([(y, "province", p) for y in years], (None, "province", p)) for p in provinces]
    lines += [([(y, "national", "all") for y in years], (None, "national", "all"))]
    for cells, total in lines:
        hidden = [c for c in cells if shown[c] is None]
        if shown[total] is not None:
            remainder = shown[total] - sum(shown[c] for c in cells if shown[c] is not None)
            assert remainder == sum(true[c] for c in hidden)
            assert len(hidden) != 1, f"{hidden[0]} = {remainder} from {total}"
        else:
            assert hidden, f"{total} = the sum of its visible cells"
    for key, n in true.items():
        if n == 0:
            assert ("cohort_size", *key, None, 1 if key[0] else None) not in published
        elif n < 5:
            assert published[("cohort_size", *key, None, 1 if key[0] else None)]["value_display"] == "<5"


# --- public.annual_reach ------------------------------------------------------------------

def test_annual_reach_without_its_mart_has_its_columns_and_no_rows(tmp_path):
    published = publish(tmp_path, column({P1: 10}))
    assert not [key for key in published if key[0] == "reach"]
    with duckdb.connect(str(tmp_path / "analytics.duckdb"), read_only=True) as con:
        columns = [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'public' "
                                             "AND table_name = 'annual_reach' ORDER BY column_index").fetchall()]
    assert columns == [*REACH_COLUMNS, "numerator_display", "denominator_display", "value_display",
                       "suppressed", "suppression"]


def test_annual_reach_is_suppressed_with_metric_values(tmp_path):
    """Students of year Y are the cohort size of cohort Y: hidden in both (P3 as the second
    cell of metric_values' 2020 column); schools withheld where students are hidden; a
    girls' share with fewer than 5 boys withheld; a unit without students has no rows."""
    students = {P1: 3, P2: 10, P3: 7, P4: 20, P5: 0}
    girls = {P1: 1, P2: 5, P3: 3, P4: 17, P5: 0}
    rows = column(students)
    reach_rows = []
    for p, n in [*students.items(), ("all", 40)]:
        group = ("national", "all") if p == "all" else ("province", p)
        g = 26 if p == "all" else girls[p]
        reach_rows += [reach(2020, *group, "students", float(n)), reach(2020, *group, "girls_share", numerator=g, denominator=n),
                       reach(2020, *group, "schools", float(max(n - 1, 0)))]
    published = publish(tmp_path, rows, reach_rows=reach_rows)
    shown = {(key[3], key[4]): row["value_display"] for key, row in published.items() if key[0] == "reach"}
    assert sizes(published) == {P1: "<5", P2: "10", P3: "*", P4: "20"}
    assert shown == {
        ("all", "students"): "40", ("all", "girls_share"): "0.65", ("all", "schools"): "39",
        (P1, "students"): "<5", (P1, "girls_share"): "*", (P1, "schools"): "*",
        (P2, "students"): "10", (P2, "girls_share"): "0.5", (P2, "schools"): "9",
        (P3, "students"): "*", (P3, "girls_share"): "*", (P3, "schools"): "*",
        (P4, "students"): "20", (P4, "girls_share"): "*", (P4, "schools"): "19",
    }
    p4 = published[("reach", 2020, "province", P4, "girls_share", None)]
    assert (p4["numerator_display"], p4["suppression"]) == ("*", "complement")
    assert published[("reach", 2020, "province", P3, "schools", None)]["suppression"] == "population_hidden"
    # girls: P1 1 and P3 3 hidden (<5), P4 by the complement rule; the national 26 and P2's 5 shown
    assert {key[3]: row["numerator_display"] for key, row in published.items()
            if key[0] == "reach" and key[4] == "girls_share"} == {"all": "26", P1: "<5", P2: "5", P3: "<5", P4: "*"}


# --- k ---------------------------------------------------------------------------------

def test_k_is_configurable(tmp_path):
    counts = {P1: 1, P2: 2, P3: 3, P4: 4, P5: 9}
    published = publish(tmp_path, column(counts, national=False), k=3)
    assert sizes(published) == {P1: "<3", P2: "<3", P3: "3", P4: "4", P5: "9"}
    published = publish(tmp_path, column(counts, national=False), k=10)
    assert set(sizes(published).values()) == {"<10"}


def test_k_comes_from_the_config_else_the_environment_else_5(monkeypatch):
    monkeypatch.delenv("YINGCAI_SMALL_CELL_K", raising=False)
    assert small_cell_k() == 5
    monkeypatch.setenv("YINGCAI_SMALL_CELL_K", "10")
    assert small_cell_k() == 10
    assert small_cell_k(3) == 3


@pytest.mark.parametrize("bad", ["five", "1", "0", "-5", "2.5"])
def test_k_must_be_a_whole_number_of_at_least_2(monkeypatch, bad):
    monkeypatch.setenv("YINGCAI_SMALL_CELL_K", bad)
    with pytest.raises(SmallCellKError):
        small_cell_k()


def test_alumni_of_consecutive_years_do_not_give_away_a_hidden_cohort(tmp_path):
    """A unit's alumni of 2020 (cohort 2019: 30) and 2021 (cohorts 2019–2020: 33) differ by
    cohort 2020's size, 3, hidden: one of the two alumni counts is hidden too."""
    students = {2019: 30, 2020: 3, 2021: 40}
    rows = [size(y, "province", P1, n) for y, n in students.items()]
    reach_rows = [reach(y, "province", P1, "students", float(n)) for y, n in students.items()]
    reach_rows += [reach(y, "province", P1, "survey_response_rate", numerator=alumni // 2, denominator=alumni)
                   for y, alumni in ((2020, 30), (2021, 33), (2022, 73))]
    published = publish(tmp_path, rows, reach_rows=reach_rows)
    alumni = {y: published[("reach", y, "province", P1, "survey_response_rate", None)]["denominator"]
              for y in (2020, 2021, 2022)}
    assert published[("reach", 2020, "province", P1, "students", None)]["value_display"] == "<5"
    assert alumni[2020] is None or alumni[2021] is None
    assert alumni[2021] is None or alumni[2022] is None or students[2021] == alumni[2022] - alumni[2021]
