"""The temporary views that give every delivered file and row its reporting unit, for
the audit tables that count by unit (sql/audit/row_units.sql, sql/audit/file_units.sql)
and the re-delivery history. The rule is written once, in row_units.sql beside this."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.staging.unions import create_source_views
from pipelines.units.file_names import unit_named_in
from pipelines.warehouse import run_sql, sql_file

ROW_UNITS_SQL = sql_file(__file__, "row_units")


def create_file_name_units(con: duckdb.DuckDBPyConnection) -> None:
    """TEMP TABLE file_name_units (file_path, province_code): every file of
    raw.delivered_files and the unit its name names (NULL when none)."""
    paths = [path for (path,) in con.execute("SELECT file_path FROM raw.delivered_files").fetchall()]
    frame = pl.DataFrame(
        {"file_path": paths, "province_code": [unit_named_in(p) for p in paths]},
        schema={"file_path": pl.String, "province_code": pl.String},
    )
    con.register("file_name_units_frame", frame.to_arrow())
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE file_name_units AS SELECT * FROM file_name_units_frame")
    finally:
        con.unregister("file_name_units_frame")


def create_unit_views(con: duckdb.DuckDBPyConnection) -> None:
    """staged_rows and raw_file_rows (pipelines/staging/unions.py), file_name_units and
    delivered_row_units on this connection."""
    create_source_views(con)
    create_file_name_units(con)
    run_sql(con, ROW_UNITS_SQL)
