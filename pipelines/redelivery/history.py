"""audit.file_versions and quarantine.rejection_identities: the history of every delivered
path, added to at each run, never rebuilt (the other tables are remade from the input;
these remember what the input used to be).

One transaction: a run killed anywhere leaves the history as the last completed update
left it, and the next run makes the same update. With nothing changed, an update writes
the same rows again: the tables' content stays the same."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.cleaning.national_id import normalise_national_id
from pipelines.warehouse import registered, run_sql, sql_file

NEW_VERSIONS_SQL = sql_file(__file__, "new_versions")
CURRENT_REJECTIONS_SQL = sql_file(__file__, "current_rejections")
IDENTITY_COLUMNS = ("file_path", "version", "row_number", "reason", "identity", "province_code")


def rejection_identities(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` (file_path, version, row_number, reason, delivered_id, province_code) with
    `identity`: the delivered ID normalised as staging normalises it, or 'row <n>' when the
    row has no ID."""
    identity = pl.coalesce(
        normalise_national_id(pl.col("delivered_id")),
        pl.lit("row ") + pl.col("row_number").cast(pl.String),
    )
    return rows.with_columns(identity.alias("identity")).select(IDENTITY_COLUMNS)


def record_history(con: duckdb.DuckDBPyConnection) -> None:
    """Add the new versions of the files now delivered, and record again the rejected
    rows of every file's current version (the caller's transaction)."""
    run_sql(con, "audit/file_versions")
    run_sql(con, "quarantine/rejection_identities")
    run_sql(con, NEW_VERSIONS_SQL)
    current = run_sql(con, CURRENT_REJECTIONS_SQL).pl()
    identities = rejection_identities(current)
    con.execute(
        "DELETE FROM quarantine.rejection_identities "
        "WHERE (file_path, version) IN (SELECT (file_path, version) FROM current_versions)"
    )
    with registered(con, "current_identities", identities):
        con.execute("INSERT INTO quarantine.rejection_identities BY NAME SELECT * FROM current_identities")
