"""The marts layer: the outcome metrics of metrics.md for analysts, dashboards and
reports. marts.metric_values holds every metric in long form; the wide marts answer the
common questions in one row per cohort (and province). Each asset's description and
column schema (`dagster/column_schema`) are read from beside its maker (pipelines/descriptions.py)."""

from __future__ import annotations

import dagster as dg

from assets.sql_assets import described
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


@dg.asset(
    key=["marts", "metric_values"],
    deps=CORE_INPUTS,
    group_name=GROUP,
    **described("marts.metric_values"),
)
def metric_values(paths: PathsResource) -> dg.MaterializeResult:
    """marts.metric_values rebuilt from the core layer (pipelines/metrics)."""
    with connect(paths.warehouse) as con, transaction(con):
        rows = build_metric_values(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


def _summary_asset(name: str, deps: list):
    @dg.asset(key=["marts", name], deps=deps, group_name=GROUP, **described(f"marts.{name}"))
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            create_summary_macro(con, "marts")
            run_sql(con, f"marts/{name}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})
            (rows,) = con.execute(f"SELECT count(*) FROM marts.{name}").fetchone()
        return dg.MaterializeResult(metadata={"dagster/row_count": rows})

    return _asset


cohort_summary = _summary_asset(
    "cohort_summary",
    deps=[["marts", "metric_values"], ["core", "survey_responses"]],
)

province_year_summary = _summary_asset(
    "province_year_summary",
    deps=[["marts", "metric_values"], ["core", "survey_responses"], ["core", "provinces"]],
)
