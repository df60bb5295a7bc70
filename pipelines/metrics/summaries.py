"""The wide summaries (cohort_summary, province_year_summary in marts and public) from the
metric registry's summary columns: one SQL template (metric_summary.sql beside this module) made
into a macro per layer. The names put into it are those of the registry, checked to be
plain identifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from pipelines.registry.metrics import (
    AT_LATEST_SURVEY,
    AT_SUMMARY_HORIZON,
    COHORT,
    DEFINED,
    REGISTRY,
    SUPPRESSED,
    YEARS_OF_FOLLOWUP,
    MetricRegistry,
    SummaryColumn,
)
from pipelines.warehouse import sql, sql_file

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
SUMMARY_MACRO_SQL = sql_file(__file__, "metric_summary")


@dataclass(frozen=True)
class SummaryLayer:
    macro: str  # the macro the layer's summary SQL selects from
    rows: str  # the long table it turns wide
    defined_column: str  # NULL where the metric is not defined for the cohort


LAYERS = {
    "marts": SummaryLayer("metric_summary", "marts.metric_values", "denominator"),
    # A hidden denominator is NULL in public but shown as <k: defined all the same.
    "public": SummaryLayer("public_summary", "public.metric_values", "denominator_display"),
}


def _name(text: str) -> str:
    if not _IDENTIFIER.match(text):
        raise ValueError(f"not a plain identifier: {text!r}")
    return text


def column_sql(column: SummaryColumn, layer: SummaryLayer) -> str:
    """The select-list expression of one summary column."""
    name = _name(column.name)
    if column.field == YEARS_OF_FOLLOWUP:
        return f"(latest_survey_year - cohort_year)::INTEGER AS {name}"
    if column.field == SUPPRESSED:
        return f"bool_or(suppressed) AS {name}"
    of_metric = f"FILTER (metric = '{_name(column.metric)}')"
    if column.field == DEFINED:
        return f"bool_or({layer.defined_column} IS NOT NULL) {of_metric} AS {name}"
    return f"any_value({_name(column.field)}) {of_metric}::{_name(column.type.lower()).upper()} AS {name}"


def shown_sql(registry: MetricRegistry) -> str:
    """The rows of metrics with horizons that the summaries show, besides horizon NULL."""
    at = {}
    for column in registry.summary_columns:
        if column.at is not None:
            at.setdefault(column.at, []).append(_name(column.metric))
    horizon = {AT_SUMMARY_HORIZON: "summary_horizon", AT_LATEST_SURVEY: "latest_survey_year - cohort_year"}
    return "".join(
        f"\n        OR (horizon = {horizon[rule]} AND metric IN ({', '.join(repr(m) for m in dict.fromkeys(metrics))}))"
        for rule, metrics in at.items()
    )


def summary_macro_sql(layer_name: str, registry: MetricRegistry = REGISTRY) -> str:
    layer = LAYERS[layer_name]
    columns = ",\n".join(f"    {column_sql(c, layer)}" for c in registry.summary_columns_of(layer_name))
    return (
        sql(SUMMARY_MACRO_SQL)
        .replace("@macro@", layer.macro)
        .replace("@rows@", layer.rows)
        .replace("@shown@", shown_sql(registry))
        .replace("@metrics@", ", ".join(repr(_name(m.name)) for m in registry.of_population(COHORT)))
        .replace("@columns@", columns)
    )


def create_summary_macro(con: duckdb.DuckDBPyConnection, layer_name: str, registry: MetricRegistry = REGISTRY) -> None:
    """Define the layer's summary macro (metric_summary or public_summary) on `con`."""
    con.execute(summary_macro_sql(layer_name, registry))
