"""The metric registry (pipelines/registry/metrics.py) is the one declaration of every
metric: marts.metric_values, the wide summaries of marts and public, their column
descriptions (the data dictionary) and the pages' labels follow from it.

Built on a hand-made core layer in a real DuckDB file, small enough to read:

    person  cohort  province  completed excellent  responses            entered university
    A       2020    110000    yes       yes        2021, 2023 研究生     yes (基础学科 major), 强基
    B       2020    110000    yes       no         2022                 yes (major of unknown category)
    C       2020    440000    no        no         none                 no
    D       2021    440000    (no assessment data for 2021)  2023       yes (其他 major)
    E       2021    110000    (no assessment data for 2021)  none       no

H = 2023; assessment data exists for 2020 only.
"""

from dataclasses import replace
from datetime import datetime

import duckdb
import pytest

from dashboards.labels import METRIC, metric_labels
from pipelines.metrics.columns import metric_values_columns, summary_columns
from pipelines.metrics.metric_values import MetricsDisagree, build_metric_values
from pipelines.metrics.summaries import create_summary_macro
from pipelines.publish.descriptions import PUBLIC_SUMMARY_COLUMNS
from pipelines.publish.public import build_public_schema
from pipelines.registry.editions import NO_APPLICANTS_DATA
from pipelines.registry.metrics import (
    APPLICANTS,
    COHORT,
    RATE,
    REGISTRY,
    SUMMARY_TOPNOTCH_HORIZON,
    VALUE,
    Metric,
    SummaryColumn,
)
from pipelines.warehouse import run_sql

PERSONS = [
    # key, cohort, province, completed, excellent, responses, entered, category, major, qiangji, graduate
    ("A", 2020, "110000", True, True, 2, True, "基础学科", "数学与应用数学", True, True),
    ("B", 2020, "110000", True, False, 1, True, None, "火星学", False, False),
    ("C", 2020, "440000", False, False, 0, False, None, None, False, False),
    ("D", 2021, "440000", False, False, 1, True, "其他", "金融学", False, False),
    ("E", 2021, "110000", False, False, 0, False, None, None, False, False),
]
RESPONSES = [("A", 2021), ("A", 2023), ("B", 2022), ("D", 2023)]


def hand_built_core(path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    for schema in ("core", "marts"):
        con.execute(f"CREATE SCHEMA {schema}")
    con.execute("CREATE TABLE core.provinces (province_code VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO core.provinces VALUES ('110000', '北京市'), ('440000', '广东省')")
    con.execute(
        "CREATE TABLE core.persons (person_key VARCHAR, cohort_year INTEGER, province_code VARCHAR, "
        "discipline VARCHAR, gender VARCHAR, grade VARCHAR, university_code VARCHAR, mentor_title VARCHAR)"
    )
    con.execute(
        "CREATE TABLE core.person_outcomes (person_key VARCHAR, training_hours DOUBLE, completed BOOLEAN, "
        "excellent BOOLEAN, withdrew BOOLEAN, responses BIGINT, entered_university BOOLEAN, "
        "latest_major_category VARCHAR, latest_major VARCHAR, qiangji BOOLEAN, graduate_study BOOLEAN, "
        "topnotch_time INTEGER, censoring_time INTEGER)"
    )
    for key, cohort, province, completed, excellent, responses, entered, category, major, qiangji, graduate in PERSONS:
        con.execute("INSERT INTO core.persons VALUES (?, ?, ?, '数学', '男', '高一', '10001', '院士')",
                    [key, cohort, province])
        last = max([y for k, y in RESPONSES if k == key], default=cohort)
        con.execute("INSERT INTO core.person_outcomes VALUES (?, 4, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, NULL, ?)",
                    [key, completed, excellent, responses, entered, category, major, qiangji, graduate,
                     last - cohort])
    con.execute("CREATE TABLE core.assessments AS SELECT 2020 AS year")
    con.execute("CREATE TABLE core.survey_responses (person_key VARCHAR, survey_year INTEGER)")
    con.executemany("INSERT INTO core.survey_responses VALUES (?, ?)", RESPONSES)
    # No applicants data: the selection metrics have their rows, undefined.
    con.execute(
        "CREATE TABLE core.applicants (person_key VARCHAR, year INTEGER, province_code VARCHAR, "
        "grade VARCHAR, discipline VARCHAR, gender VARCHAR, selection_score DOUBLE, selected BOOLEAN, "
        "in_cohort BOOLEAN, file_path VARCHAR, row_number BIGINT)"
    )
    return con


def build_marts(con, registry) -> None:
    build_metric_values(con, registry)
    create_summary_macro(con, "marts", registry)
    for summary in ("cohort_summary", "province_year_summary"):
        run_sql(con, f"marts/{summary}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})


def national(con, metric, cohort_year):
    return con.execute(
        "SELECT numerator, denominator, value FROM marts.metric_values WHERE metric = ? AND "
        "group_type = 'national' AND cohort_year IS NOT DISTINCT FROM ? AND horizon IS NULL",
        [metric, cohort_year],
    ).fetchone()


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    con = hand_built_core(tmp_path_factory.mktemp("registry") / "warehouse.duckdb")
    build_marts(con, REGISTRY)
    yield con
    con.close()


def test_every_registered_metric_is_in_metric_values_in_the_registry_order_and_groups(marts):
    made = [m for (m,) in marts.execute(
        "SELECT metric FROM marts.metric_values GROUP BY metric ORDER BY min(rowid)"
    ).fetchall()]
    assert made == list(REGISTRY.names())
    for metric in REGISTRY.metrics:
        groups = {g for (g,) in marts.execute(
            "SELECT DISTINCT group_type FROM marts.metric_values WHERE metric = ?", [metric.name]
        ).fetchall()}
        assert groups == set(metric.groupings), metric.name


def test_every_registered_metric_has_its_description_and_label(marts):
    (metric_column,) = [text for name, _, text in metric_values_columns() if name == "metric"]
    for metric in REGISTRY.metrics:
        assert f"{metric.name}: {metric.description}" in metric_column
        assert METRIC[metric.name].zh == metric.label_zh and METRIC[metric.name].en == metric.label_en
        assert metric.label_zh and metric.label_en and metric.description


def test_only_rates_have_wilson_intervals(marts):
    with_interval = {m for (m,) in marts.execute(
        "SELECT DISTINCT metric FROM marts.metric_values WHERE ci_low IS NOT NULL"
    ).fetchall()}
    assert with_interval <= set(REGISTRY.of_kind(RATE, "kaplan_meier"))
    assert {"completion_rate", "ever_reached", "basic_major_unknown"} <= with_interval


def test_the_declared_person_flags_give_the_counted_rates(marts):
    assert national(marts, "completion_rate", 2020) == (2, 3, pytest.approx(2 / 3))
    assert national(marts, "completion_rate", 2021) == (None, None, None)  # no assessment data
    assert national(marts, "basic_major_rate", None) == (1, 2, 0.5)  # A of A, D (B unknown)
    assert national(marts, "basic_major_unknown", None) == (1, 3, pytest.approx(1 / 3))
    assert national(marts, "qiangji_rate", 2020) == (1, 2, 0.5)
    assert national(marts, "graduate_rate", 2020) == (None, None, None)  # 2020 + 6 > 2023


def test_the_summaries_have_the_registry_columns_in_order(marts):
    columns = [c for (c,) in marts.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
        "AND table_name = 'cohort_summary' ORDER BY column_index"
    ).fetchall()]
    assert columns == [name for name, _, _ in summary_columns("marts")]
    assert marts.execute(
        "SELECT students, completed, assessment_data, entered_university FROM marts.cohort_summary ORDER BY cohort_year"
    ).fetchall() == [(3, 2, True, 2), (2, None, False, 1)]


# --- a metric added to the registry alone -----------------------------------------------

NEW_METRIC = Metric(
    "excellence_among_completed", RATE, "结业者中的优秀率", "Excellence among those who completed",
    "Persons with a 结业 assessment 优秀 / persons who completed; only for cohorts with "
    "assessment data.", numerator="excellent", denominator="completed", needs_assessment=True,
)
NEW_COLUMN = SummaryColumn(
    "excellence_among_completed", NEW_METRIC.name, VALUE, "DOUBLE", "excellent / completed.",
)
WITH_NEW_METRIC = replace(
    REGISTRY,
    metrics=(*REGISTRY.metrics, NEW_METRIC),
    summary_columns=(*REGISTRY.summary_columns[:-1], NEW_COLUMN, REGISTRY.summary_columns[-1]),
)


@pytest.fixture(scope="module")
def with_new_metric(tmp_path_factory):
    con = hand_built_core(tmp_path_factory.mktemp("new-metric") / "warehouse.duckdb")
    build_marts(con, WITH_NEW_METRIC)
    build_public_schema(con, 2, datetime(2024, 1, 1), "test", WITH_NEW_METRIC)
    yield con
    con.close()


def test_a_metric_added_to_the_registry_alone_is_in_metric_values(with_new_metric):
    assert national(with_new_metric, NEW_METRIC.name, 2020) == (1, 2, 0.5)  # A of A, B
    assert national(with_new_metric, NEW_METRIC.name, 2021) == (None, None, None)
    (low, high) = with_new_metric.execute(
        "SELECT ci_low, ci_high FROM marts.metric_values WHERE metric = ? AND group_type = 'national' "
        "AND cohort_year = 2020", [NEW_METRIC.name],
    ).fetchone()
    assert 0 < low < 0.5 < high < 1  # a rate: Wilson interval


def test_a_metric_added_to_the_registry_alone_is_in_both_summaries(with_new_metric):
    for layer in ("marts", "public"):
        columns = [c for (c,) in with_new_metric.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
            "AND table_name = 'province_year_summary' ORDER BY column_index", [layer],
        ).fetchall()]
        assert columns[-2 if layer == "public" else -1] == NEW_COLUMN.name
    assert with_new_metric.execute(
        f"SELECT {NEW_COLUMN.name} FROM marts.cohort_summary ORDER BY cohort_year"
    ).fetchall() == [(0.5,), (None,)]


def test_a_metric_added_to_the_registry_alone_is_in_the_dictionary_and_the_labels():
    (metric_column,) = [text for name, _, text in metric_values_columns(WITH_NEW_METRIC) if name == "metric"]
    assert f"{NEW_METRIC.name}: {NEW_METRIC.description}" in metric_column
    for layer in ("marts", "public"):
        assert (NEW_COLUMN.name, "DOUBLE", NEW_COLUMN.description) in summary_columns(layer, WITH_NEW_METRIC)
    label = metric_labels(WITH_NEW_METRIC)[NEW_METRIC.name]
    assert (label.zh, label.en) == (NEW_METRIC.label_zh, NEW_METRIC.label_en)


# --- SQL and registry must agree ---------------------------------------------------------

def test_a_rate_over_a_person_flag_the_sql_lacks_fails(tmp_path):
    con = hand_built_core(tmp_path / "warehouse.duckdb")
    broken = replace(REGISTRY, metrics=(*REGISTRY.metrics, replace(NEW_METRIC, numerator="no_such_flag")))
    with pytest.raises(MetricsDisagree, match="no_such_flag"):
        build_metric_values(con, broken)


def test_a_metric_the_sql_makes_but_the_registry_lacks_fails(tmp_path):
    con = hand_built_core(tmp_path / "warehouse.duckdb")
    without = replace(REGISTRY, metrics=tuple(m for m in REGISTRY.metrics if m.name != "cohort_size"))
    with pytest.raises(MetricsDisagree, match="cohort_size"):
        build_metric_values(con, without)


def test_public_only_summary_columns_are_described():
    assert set(PUBLIC_SUMMARY_COLUMNS) == {"students_display", "suppressed"}
    assert all(PUBLIC_SUMMARY_COLUMNS.values())


# --- ever_reached only for cohorts with a follow-up year (Y < H) ---------------------------

@pytest.fixture(scope="module")
def with_recent_cohorts(tmp_path_factory):
    """The core above plus F (cohort 2023 = H) and G (cohort 2024 > H), neither of whom
    can have answered a follow-up survey yet."""
    con = hand_built_core(tmp_path_factory.mktemp("recent-cohorts") / "warehouse.duckdb")
    for key, cohort in (("F", 2023), ("G", 2024)):
        con.execute("INSERT INTO core.persons VALUES (?, ?, '110000', '数学', '男', '高一', '10001', '院士')",
                    [key, cohort])
        con.execute("INSERT INTO core.person_outcomes VALUES (?, 4, FALSE, FALSE, FALSE, 0, FALSE, "
                    "NULL, NULL, FALSE, FALSE, NULL, 0)", [key])
    build_marts(con, REGISTRY)
    yield con
    con.close()


def test_ever_reached_is_undefined_for_cohorts_without_a_follow_up_year(with_recent_cohorts):
    con = with_recent_cohorts
    # 2020: A and B answered, C never; 2021: D answered, E never.
    assert national(con, "ever_reached", 2020) == (2, 3, 2 / 3)
    assert national(con, "ever_reached", 2021) == (1, 2, 0.5)
    # 2023 = H and 2024 > H: no follow-up year yet, so no value (not 0 of 1).
    assert national(con, "ever_reached", 2023) == (None, None, None)
    assert national(con, "ever_reached", 2024) == (None, None, None)
    assert con.execute(
        "SELECT count(*) FROM marts.metric_values WHERE metric = 'ever_reached' AND cohort_year >= 2023 "
        "AND (numerator IS NOT NULL OR denominator IS NOT NULL OR value IS NOT NULL OR ci_low IS NOT NULL "
        "OR ci_high IS NOT NULL)"
    ).fetchone() == (0,)
    # Pooled: the sum over the cohorts with Y < H only, 2 + 1 of 3 + 2 (not 3 of 7).
    assert national(con, "ever_reached", None) == (3, 5, 3 / 5)
    assert national(con, "cohort_size", 2023)[2] == 1.0 and national(con, "cohort_size", 2024)[2] == 1.0


def test_summaries_show_no_ever_reached_for_cohorts_without_a_follow_up_year(with_recent_cohorts):
    con = with_recent_cohorts
    assert con.execute(
        "SELECT cohort_year, students, reached, ever_reached_rate FROM marts.cohort_summary ORDER BY cohort_year"
    ).fetchall() == [(2020, 3, 2, 2 / 3), (2021, 2, 1, 0.5), (2023, 1, None, None), (2024, 1, None, None)]
    assert con.execute(
        "SELECT cohort_year, students, reached, ever_reached_rate FROM marts.province_year_summary "
        "WHERE province_code = '110000' ORDER BY cohort_year"
    ).fetchall() == [(2020, 2, 2, 1.0), (2021, 1, 0, 0.0), (2023, 1, None, None), (2024, 1, None, None)]


# --- populations, editions and three-cohort rows ----------------------------------------

def test_population_published_and_pooled_three_fields():
    applicant_metrics = [m.name for m in REGISTRY.of_population(APPLICANTS)]
    assert applicant_metrics == [
        "applicants", "selection_rate", "selection_score_median", "selected_score_median",
        "selected_in_cohort_rate", "selection_cutoff", "selected_score_min",
    ]
    assert {m.population for m in REGISTRY.metrics} == {COHORT, APPLICANTS}
    assert [m.name for m in REGISTRY.metrics if not m.published] == ["selection_cutoff", "selected_score_min"]
    assert REGISTRY.pooled_three() == ("topnotch_rate", "qiangji_rate", "graduate_rate")
    assert all(REGISTRY.metric(m).kind == RATE for m in REGISTRY.pooled_three())
    assert all(REGISTRY.metric(m).undefined_reason == NO_APPLICANTS_DATA for m in applicant_metrics)
    assert REGISTRY.person_flags(APPLICANTS) == ("selected", "selected_in_cohort")


def test_selection_metrics_are_undefined_without_applicants_data(marts):
    assert marts.execute(
        "SELECT DISTINCT cohort_year FROM marts.metric_values WHERE metric = 'applicants' ORDER BY 1"
    ).fetchall() == [(2020,), (2021,), (None,)]  # the cohort years, and the pooled row
    assert marts.execute(
        "SELECT count(*) FROM marts.metric_values WHERE metric IN (SELECT unnest(?)) "
        "AND (numerator IS NOT NULL OR denominator IS NOT NULL OR value IS NOT NULL)",
        [[m.name for m in REGISTRY.of_population(APPLICANTS)]],
    ).fetchone() == (0,)
    # No three-cohort row with two cohorts.
    assert marts.execute(
        "SELECT count(*) FROM marts.metric_values WHERE cohorts_pooled = 3").fetchone() == (0,)
