"""The `public` schema: what readers outside the analyst team may see, with small cells
suppressed. Built on a connection that holds marts.metric_values and marts.annual_reach
(and core.provinces for the province summary); the SQL is in sql/public/. Both tables are
suppressed together in one pass (pipelines/publish/published_cells.py): a unit's students
of a year are the cohort size of that cohort."""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from pipelines.metrics.metric_values import ROW_SCHEMA
from pipelines.metrics.summaries import create_summary_macro
from pipelines.publish.published_cells import suppress_published
from pipelines.publish.suppression import UNDEFINED_MARK, WITHHELD_MARK, small_count_label
from pipelines.registry.metrics import REGISTRY, SUMMARY_TOPNOTCH_HORIZON, MetricRegistry
from pipelines.warehouse import registered, run_sql, sql_file

PUBLIC_SCHEMA = "public"
# The columns of marts.metric_values, defined where the mart is built; the types stand
# in while the mart is not built yet, so public.metric_values has its columns all the same.
METRIC_VALUES_SCHEMA = ROW_SCHEMA
# The columns of marts.annual_reach (INTERFACES: one row per year, group, measure and
# detail), standing in while the mart is not built, so public.annual_reach has its columns.
ANNUAL_REACH_SCHEMA = {
    "year": pl.Int32,
    "group_type": pl.String,
    "group_value": pl.String,
    "measure": pl.String,
    "detail": pl.String,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
}
# The display macro both public tables format their figures with.
DISPLAY_SQL = sql_file(__file__, "display")
# Tables made from public.metric_values, in order.
SUMMARIES = ("cohort_summary", "province_year_summary")


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    (found,) = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return found > 0


def metric_values(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """marts.metric_values, or no rows with its columns while the mart does not exist."""
    if has_table(con, "marts", "metric_values"):
        # A fixed order, so that which cell a line hides second never depends on how the
        # mart happened to be written.
        return con.execute(
            f"SELECT {', '.join(METRIC_VALUES_SCHEMA)} FROM marts.metric_values "
            "ORDER BY metric, group_type, group_value, cohort_year NULLS FIRST, horizon NULLS FIRST, "
            "cohorts_pooled NULLS FIRST"
        ).pl()
    return pl.DataFrame(schema=METRIC_VALUES_SCHEMA)


def annual_reach(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """marts.annual_reach, or no rows with its columns while the mart does not exist."""
    if has_table(con, "marts", "annual_reach"):
        return con.execute(
            f"SELECT {', '.join(ANNUAL_REACH_SCHEMA)} FROM marts.annual_reach "
            "ORDER BY year, group_type, group_value, measure, detail NULLS FIRST"
        ).pl().cast(ANNUAL_REACH_SCHEMA)
    return pl.DataFrame(schema=ANNUAL_REACH_SCHEMA)


def build_public_figures(con: duckdb.DuckDBPyConnection, k: int, registry: MetricRegistry = REGISTRY) -> int:
    """public.metric_values and public.annual_reach from the marts, suppressed together
    with threshold k; returns the number of rows of public.metric_values with a hidden
    figure."""
    published = suppress_published(metric_values(con), annual_reach(con), k, registry)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {PUBLIC_SCHEMA}")
    marks = {"small_count_label": small_count_label(k), "withheld_mark": WITHHELD_MARK, "undefined_mark": UNDEFINED_MARK}
    run_sql(con, DISPLAY_SQL)
    with registered(con, "metric_values_flagged", published.metric_values):
        run_sql(con, "public/metric_values", marks)
    with registered(con, "annual_reach_flagged", published.annual_reach):
        run_sql(con, "public/annual_reach", marks)
    return int(published.metric_values["suppression"].is_not_null().sum())


def build_public_schema(
    con: duckdb.DuckDBPyConnection, k: int, published_at: datetime, run_id: str,
    registry: MetricRegistry = REGISTRY,
) -> int:
    """Every table of the `public` schema, the summaries with `registry`'s columns; returns
    the rows of public.metric_values with a hidden figure."""
    suppressed = build_public_figures(con, k, registry)
    create_summary_macro(con, "public", registry)
    for summary in SUMMARIES:
        run_sql(con, f"public/{summary}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})
    run_sql(con, "public/publication", {
        "published_at": published_at.replace(tzinfo=None),
        "run_id": run_id,
        "small_cell_k": k,
        "small_count_label": small_count_label(k),
        "withheld_mark": WITHHELD_MARK,
        "undefined_mark": UNDEFINED_MARK,
    })
    return suppressed
