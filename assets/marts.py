"""The marts layer: the outcome metrics of metrics.md for analysts, dashboards and
reports. marts.metric_values holds every metric in long form; the wide marts answer the
common questions in one row per cohort (and province). Each asset's description and
column schema (`dagster/column_schema`) are read from beside its maker (pipelines/descriptions.py)."""

from __future__ import annotations

from functools import partial

from assets.tables import table_asset
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.metrics.metric_values import build_metric_values
from pipelines.metrics.sql_statistics import create_wilson_functions
from pipelines.metrics.summaries import create_summary_macro
from pipelines.registry.metrics import NATIONAL, SUMMARY_TOPNOTCH_HORIZON
from pipelines.registry.sources import APPLICANTS

CORE_INPUTS = [
    ["core", "persons"], ["core", "person_outcomes"], ["core", "assessments"],
    ["core", "survey_responses"], ["core", APPLICANTS.name],
]


metric_values = table_asset(
    "marts", "metric_values", deps=CORE_INPUTS, make=build_metric_values,
)
cohort_summary = table_asset(
    "marts", "cohort_summary",
    deps=[["marts", "metric_values"], ["core", "survey_responses"]],
    parameters={"horizon": SUMMARY_TOPNOTCH_HORIZON},
    prepare=partial(create_summary_macro, layer_name="marts"),
)
province_year_summary = table_asset(
    "marts", "province_year_summary",
    deps=[["marts", "metric_values"], ["core", "survey_responses"], ["core", "provinces"]],
    parameters={"horizon": SUMMARY_TOPNOTCH_HORIZON},
    prepare=partial(create_summary_macro, layer_name="marts"),
)
annual_reach = table_asset(
    "marts", "annual_reach",
    deps=[["core", "persons"], ["core", "survey_responses"]],
    parameters={"national": NATIONAL, "province_codes": list(PROVINCE_CODES), "mentor_titles": list(MENTOR_TITLES)},
    prepare=create_wilson_functions,
)
