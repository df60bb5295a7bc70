"""The `public` schema: what readers outside the analyst team may see, with small cells
suppressed. Built on a connection that holds marts.metric_values (and core.provinces for
the province summary); the SQL is in sql/public/."""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from pipelines.metrics.metric_values import ROW_SCHEMA
from pipelines.metrics.summaries import create_summary_macro
from pipelines.publish.suppression import WITHHELD_MARK, small_count_label, suppress_metric_values
from pipelines.registry.metrics import REGISTRY, SUMMARY_TOPNOTCH_HORIZON, MetricRegistry
from pipelines.warehouse import registered, run_sql

PUBLIC_SCHEMA = "public"
# The columns of marts.metric_values, defined where the mart is built; the types stand
# in while the mart is not built yet, so public.metric_values has its columns all the same.
METRIC_VALUES_SCHEMA = ROW_SCHEMA
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


def build_public_metric_values(con: duckdb.DuckDBPyConnection, k: int) -> int:
    """public.metric_values from marts.metric_values, suppressed with threshold k;
    returns the number of rows with a hidden figure."""
    flagged = suppress_metric_values(metric_values(con), k)
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {PUBLIC_SCHEMA}")
    with registered(con, "metric_values_flagged", flagged):
        run_sql(con, "public/metric_values", {
            "small_count_label": small_count_label(k),
            "withheld_mark": WITHHELD_MARK,
        })
    return int(flagged["suppression"].is_not_null().sum())


def build_public_schema(
    con: duckdb.DuckDBPyConnection, k: int, published_at: datetime, run_id: str,
    registry: MetricRegistry = REGISTRY,
) -> int:
    """Every table of the `public` schema, the summaries with `registry`'s columns; returns
    the rows of public.metric_values with a hidden figure."""
    suppressed = build_public_metric_values(con, k)
    create_summary_macro(con, "public", registry)
    for summary in SUMMARIES:
        run_sql(con, f"public/{summary}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})
    run_sql(con, "public/publication", {
        "published_at": published_at.replace(tzinfo=None),
        "run_id": run_id,
        "small_cell_k": k,
        "small_count_label": small_count_label(k),
        "withheld_mark": WITHHELD_MARK,
    })
    return suppressed
