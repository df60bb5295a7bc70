"""The marts layer: the outcome metrics of metrics.md for analysts, dashboards and
reports. marts.metric_values holds every metric in long form; the wide marts answer the
common questions in one row per cohort (and province). Each asset's description and
column schema (`dagster/column_schema`) are the data dictionary of its table."""

from __future__ import annotations

import dagster as dg

from pipelines.metrics.columns import PROVINCE_COLUMNS, metric_values_columns, summary_columns
from pipelines.metrics.metric_values import build_metric_values
from pipelines.metrics.summaries import create_summary_macro
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON
from pipelines.resources import PathsResource
from pipelines.warehouse import connect, run_sql, transaction

GROUP = "marts"
CORE_INPUTS = [
    ["core", "persons"], ["core", "person_outcomes"], ["core", "assessments"],
    ["core", "survey_responses"],
]


def _schema(*columns: tuple[str, str, str]) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name, type, description=text) for name, type, text in columns]
    )


METRIC_VALUES_COLUMNS = _schema(*metric_values_columns())
COHORT_SUMMARY_COLUMNS = _schema(*summary_columns("marts"))
PROVINCE_YEAR_SUMMARY_COLUMNS = _schema(*PROVINCE_COLUMNS, *summary_columns("marts"))


METRIC_VALUES_DESCRIPTION = (
    "Every outcome metric of metrics.md in long form: one row per metric, cohort year "
    "(NULL: all cohorts pooled), group and horizon, with numerator, denominator, value and "
    "a 95% interval; the `metric` column lists every metric with its definition. Groups: "
    "national/all, all 32 reporting units, disciplines, genders, grades and mentor titles "
    "(each with rows even without students), and the universities persons were trained at. A metric not "
    "defined for a cohort (no assessment data for Y: in progress; Y + h > H; Y + 6 > H) "
    "keeps its row with NULL numerator, denominator and value; pooled rows cover only the "
    "cohorts for which the metric is defined. Unsuppressed: small cells are for analysts "
    "only."
)


@dg.asset(
    key=["marts", "metric_values"],
    description=METRIC_VALUES_DESCRIPTION,
    deps=CORE_INPUTS,
    group_name=GROUP,
    metadata={"dagster/column_schema": METRIC_VALUES_COLUMNS},
)
def metric_values(paths: PathsResource) -> dg.MaterializeResult:
    """marts.metric_values rebuilt from the core layer (pipelines/metrics)."""
    with connect(paths.warehouse) as con, transaction(con):
        rows = build_metric_values(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


def _summary_asset(name: str, description: str, columns: dg.TableSchema, deps: list):
    @dg.asset(
        key=["marts", name],
        description=description,
        deps=deps,
        group_name=GROUP,
        metadata={"dagster/column_schema": columns},
    )
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            create_summary_macro(con, "marts")
            run_sql(con, f"marts/{name}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})
            (rows,) = con.execute(f"SELECT count(*) FROM marts.{name}").fetchone()
        return dg.MaterializeResult(metadata={"dagster/row_count": rows})

    return _asset


cohort_summary = _summary_asset(
    "cohort_summary",
    "One row per cohort year with the national figures of marts.metric_values: cohort "
    "size; completion, excellence and withdrawal (NULL while no assessment data exists); "
    "training hours; ever reached and follow-up coverage in the latest survey year; the "
    "4-year Top-Notch rate with its 95% Wilson interval (NULL for cohorts with Y + 4 > H); "
    "entered university, basic-discipline major (with the count of unknown categories), "
    "强基计划 and graduate-study rates.",
    COHORT_SUMMARY_COLUMNS,
    deps=[["marts", "metric_values"], ["core", "survey_responses"]],
)

province_year_summary = _summary_asset(
    "province_year_summary",
    "One row per reporting unit (all 32, also in years without students) and cohort year "
    "with the unit's figures of marts.metric_values, the same columns as "
    "marts.cohort_summary; compare with cohort_summary for the national figure.",
    PROVINCE_YEAR_SUMMARY_COLUMNS,
    deps=[["marts", "metric_values"], ["core", "survey_responses"], ["core", "provinces"]],
)
