"""Small-cell suppression (metrics.md, publication rules) on marts.metric_values tables
written for each rule: what public.metric_values shows and hides, and that no hidden
count can be worked out from a row or column total."""

import random

import duckdb
import pytest

from pipelines.metrics.names import METRICS
from pipelines.publish.public import build_public_metric_values
from pipelines.publish.suppression import (
    COUNT_FIELDS,
    Line,
    SmallCellKError,
    small_cell_k,
    suppress_cells,
)

COLUMNS = ("metric", "cohort_year", "group_type", "group_value", "horizon",
           "numerator", "denominator", "value", "ci_low", "ci_high")


def size(cohort_year, group_type, group_value, n):
    return ("cohort_size", cohort_year, group_type, group_value, None, None, None, float(n), None, None)


def rate(metric, cohort_year, group_type, group_value, numerator, denominator, horizon=None):
    value = numerator / denominator if denominator else None
    ci = (None, None) if value is None else (max(value - 0.1, 0.0), min(value + 0.1, 1.0))
    return (metric, cohort_year, group_type, group_value, horizon, numerator, denominator, value, *ci)


def publish(tmp_path, rows, k=5) -> dict[tuple, dict]:
    """public.metric_values built from `rows` as marts.metric_values, by (metric,
    cohort_year, group_type, group_value, horizon)."""
    with duckdb.connect(str(tmp_path / "analytics.duckdb")) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute(
            "CREATE OR REPLACE TABLE marts.metric_values (metric VARCHAR, cohort_year INTEGER, "
            "group_type VARCHAR, group_value VARCHAR, horizon INTEGER, numerator BIGINT, "
            "denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE, cohorts_pooled INTEGER)"
        )
        con.executemany(f"INSERT INTO marts.metric_values ({', '.join(COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(COLUMNS))})", rows)
        con.execute("UPDATE marts.metric_values SET cohorts_pooled = 1 WHERE cohort_year IS NOT NULL")
        build_public_metric_values(con, k)
        published = con.execute("FROM public.metric_values").pl().to_dicts()
    return {tuple(r[c] for c in COLUMNS[:5]): r for r in published}


def cohort_size(published, cohort_year, group_type, group_value):
    return published[("cohort_size", cohort_year, group_type, group_value, None)]


# --- counts ----------------------------------------------------------------------------

def test_counts_from_1_to_4_are_hidden_and_shown_as_lt5(tmp_path):
    # Province cells of one year with no national row: no total, so no complementary cells.
    counts = {"110000": 1, "120000": 2, "130000": 3, "140000": 4}
    published = publish(tmp_path, [size(2020, "province", p, n) for p, n in counts.items()])
    for province in counts:
        row = cohort_size(published, 2020, "province", province)
        assert (row["value"], row["value_display"], row["suppressed"], row["suppression"]) == (
            None, "<5", True, "small_count")


def test_zero_and_counts_of_5_or_more_are_shown(tmp_path):
    counts = {"110000": 0, "120000": 5, "130000": 6, "140000": 120}
    published = publish(tmp_path, [size(2020, "province", p, n) for p, n in counts.items()])
    for province, n in counts.items():
        row = cohort_size(published, 2020, "province", province)
        assert (row["value"], row["value_display"], row["suppressed"]) == (n, str(n), False)


def test_a_small_numerator_is_hidden_and_its_rate_and_interval_withheld(tmp_path):
    published = publish(tmp_path, [rate("completion_rate", 2020, "province", "110000", 3, 40)])
    row = published[("completion_rate", 2020, "province", "110000", None)]
    assert (row["numerator"], row["numerator_display"]) == (None, "<5")
    assert (row["denominator"], row["denominator_display"]) == (40, "40")
    assert (row["value"], row["ci_low"], row["ci_high"], row["value_display"]) == (None, None, None, "*")
    assert row["suppression"] == "small_count"


# --- rates -------------------------------------------------------------------------------

def test_a_rate_whose_denominator_is_below_5_is_not_given(tmp_path):
    published = publish(tmp_path, [
        rate("completion_rate", 2020, "province", "110000", 0, 3),
        rate("completion_rate", 2020, "province", "120000", 0, 5),
    ])
    small = published[("completion_rate", 2020, "province", "110000", None)]
    assert (small["value"], small["ci_low"], small["ci_high"], small["value_display"]) == (None, None, None, "*")
    assert (small["denominator_display"], small["numerator_display"]) == ("<5", "0")
    assert small["suppression"] == "small_denominator"
    given = published[("completion_rate", 2020, "province", "120000", None)]
    assert (given["value"], given["value_display"], given["suppressed"]) == (0.0, "0", False)


def test_a_statistic_over_fewer_than_5_persons_is_not_given(tmp_path):
    hours = ("training_hours_mean", 2020, "province", "110000", None, None, 4, 181.5, None, None)
    published = publish(tmp_path, [hours])
    row = published[("training_hours_mean", 2020, "province", "110000", None)]
    assert (row["value"], row["value_display"], row["denominator_display"]) == (None, "*", "<5")


# --- complementary suppression --------------------------------------------------------

def test_a_column_with_one_hidden_cell_and_a_total_gets_the_smallest_remaining_cell_hidden(tmp_path):
    provinces = {"110000": 3, "120000": 10, "130000": 7, "140000": 20}
    rows = [size(2020, "province", p, n) for p, n in provinces.items()]
    rows.append(size(2020, "national", "all", sum(provinces.values())))
    published = publish(tmp_path, rows)
    hidden = {p for p in provinces if cohort_size(published, 2020, "province", p)["suppressed"]}
    assert hidden == {"110000", "130000"}
    assert cohort_size(published, 2020, "province", "130000")["suppression"] == "complementary"
    assert cohort_size(published, 2020, "province", "130000")["value_display"] == "*"
    assert cohort_size(published, 2020, "national", "all")["value"] == 40


def test_a_row_of_cohort_years_with_one_hidden_cell_and_a_pooled_total_gets_a_second(tmp_path):
    years = {2019: 12, 2020: 4, 2021: 9, 2022: 30}
    rows = [size(y, "province", "110000", n) for y, n in years.items()]
    rows.append(size(None, "province", "110000", sum(years.values())))
    published = publish(tmp_path, rows)
    hidden = {y for y in years if cohort_size(published, y, "province", "110000")["suppressed"]}
    assert hidden == {2020, 2021}


def test_zeros_are_never_the_second_cell(tmp_path):
    provinces = {"110000": 2, "120000": 0, "130000": 0, "140000": 8, "150000": 11}
    rows = [size(2020, "province", p, n) for p, n in provinces.items()]
    rows.append(size(2020, "national", "all", sum(provinces.values())))
    published = publish(tmp_path, rows)
    hidden = {p for p in provinces if cohort_size(published, 2020, "province", p)["suppressed"]}
    assert hidden == {"110000", "140000"}


def test_a_line_whose_only_hidden_member_is_its_total_gets_a_cell_hidden():
    # `total` is also published as `elsewhere`, which line 2 hides as its second cell.
    counts = {"a": 0, "b": 6, "c": 9, "total": 15, "elsewhere": 15, "other": 2, "x": 17}
    lines = [Line(("a", "b", "c"), "total"), Line(("elsewhere", "other"), "x")]
    hidden = suppress_cells(counts, lines, k=5, links=[["total", "elsewhere"]])
    assert hidden == {"other": "small_count", "elsewhere": "complementary", "total": "linked",
                      "b": "complementary"}


def test_a_cohort_size_hidden_as_the_second_cell_is_hidden_as_a_denominator_too(tmp_path):
    provinces = {"110000": 3, "120000": 10, "130000": 7, "140000": 20}
    rows = [size(2020, "province", p, n) for p, n in provinces.items()]
    rows.append(size(2020, "national", "all", sum(provinces.values())))
    rows.append(rate("completion_rate", 2020, "province", "130000", 6, 7))
    published = publish(tmp_path, rows)
    completion = published[("completion_rate", 2020, "province", "130000", None)]
    assert (completion["denominator"], completion["denominator_display"]) == (None, "*")
    assert completion["value"] is None


def _table(seed: int, provinces: int = 8, years: int = 6) -> list[tuple]:
    """A cohort_size table of provinces × cohort years with national (column) totals and
    pooled (row) totals, many cells small."""
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
    true = {(r[1], r[2], r[3]): int(r[7]) for r in rows}
    published = publish(tmp_path, rows)
    shown = {key: cohort_size(published, *key)["value"] for key in true}
    assert any(v is None for v in shown.values())
    provinces = sorted({g for (_, t, g) in true if t == "province"})
    years = sorted({y for (y, _, _) in true if y is not None})
    lines = [([(y, "province", p) for p in provinces], (y, "national", "all")) for y in [*years, None]]
    lines += [([(y, "province", p) for y in years], (None, "province", p)) for p in provinces]
    lines += [([(y, "national", "all") for y in years], (None, "national", "all"))]
    for cells, total in lines:
        hidden = [c for c in cells if shown[c] is None]
        if shown[total] is not None:
            # total − visible cells = the sum of the hidden cells: never one cell alone
            remainder = shown[total] - sum(shown[c] for c in cells if shown[c] is not None)
            assert remainder == sum(true[c] for c in hidden)
            assert len(hidden) != 1, f"{hidden[0]} = {remainder} from {total}"
            assert all(remainder != true[c] for c in hidden)
        else:
            # a hidden total is not the sum of visible cells
            assert hidden, f"{total} = the sum of its visible cells"


def test_small_counts_are_all_hidden_in_a_table_with_totals(tmp_path):
    rows = _table(seed=99)
    published = publish(tmp_path, rows)
    for r in rows:
        row = cohort_size(published, r[1], r[2], r[3])
        if 1 <= r[7] <= 4:
            assert (row["value"], row["value_display"]) == (None, "<5")
        elif row["value"] is None:
            assert (row["value_display"], row["suppression"]) == ("*", "complementary")


# --- k ---------------------------------------------------------------------------------

def test_k_is_configurable(tmp_path):
    counts = {"110000": 1, "120000": 2, "130000": 3, "140000": 4, "150000": 9}
    published = publish(tmp_path, [size(2020, "province", p, n) for p, n in counts.items()], k=3)
    displays = {p: cohort_size(published, 2020, "province", p)["value_display"] for p in counts}
    assert displays == {"110000": "<3", "120000": "<3", "130000": "3", "140000": "4", "150000": "9"}
    published = publish(tmp_path, [size(2020, "province", p, n) for p, n in counts.items()], k=10)
    assert {cohort_size(published, 2020, "province", p)["value_display"] for p in counts} == {"<10"}


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


def test_the_count_fields_name_metrics_of_metric_values():
    assert set(COUNT_FIELDS) <= set(METRICS)
