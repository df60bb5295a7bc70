"""Publishing <output>/analytics.duckdb.

The file is built beside the old one under a temporary name (.analytics.duckdb.<id>.tmp)
and renamed into place (os.replace, atomic on one file system): a reader never sees a
half-written file, and a reader that has the old file open keeps reading the old file
(its open handle still points at it) until it reconnects. A failed publication leaves
the old file as it was.

Steps: attach the warehouse read-only; copy every table of the published schemas;
build the `public` schema; comment every table and column; scan for personal
identifiers (any finding and nothing is published); checkpoint; rename.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.publish.delivery_quality import build_delivery_quality
from pipelines.publish.descriptions import column_description, table_description
from pipelines.publish.privacy import PUBLISHED_SCHEMAS, collect_secrets, refuse_personal_data
from pipelines.publish.public import PUBLIC_SCHEMA, build_public_schema
from pipelines.publish.quoting import quote_identifier, quote_literal
from pipelines.warehouse import DUCKDB_CONFIG

ANALYTICS_FILE = "analytics.duckdb"
TEMPORARY_PREFIX = ".analytics.duckdb."
WAREHOUSE_CATALOG = "warehouse"
# Every schema of analytics.duckdb, in the order the data dictionary lists them.
ANALYTICS_SCHEMAS = (PUBLIC_SCHEMA, "marts", "core", "staging", "audit")
assert set(ANALYTICS_SCHEMAS) == {PUBLIC_SCHEMA, *PUBLISHED_SCHEMAS}


@dataclass(frozen=True)
class Publication:
    path: Path
    published_at: datetime
    tables: int
    metric_rows_suppressed: int
    undescribed: list[str] = field(default_factory=list)


def analytics_path(output: Path) -> Path:
    return output / ANALYTICS_FILE


def publish(
    warehouse: Path,
    output: Path,
    k: int,
    run_id: str,
) -> Publication:
    """Build analytics.duckdb from `warehouse` and move it into `output`."""
    output.mkdir(parents=True, exist_ok=True)
    _remove_temporaries(output)
    temporary = output / f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}.tmp"
    published_at = datetime.now(UTC).replace(microsecond=0)
    try:
        con = duckdb.connect(str(temporary), config=DUCKDB_CONFIG)
        try:
            con.execute(f"ATTACH {quote_literal(str(warehouse))} AS {WAREHOUSE_CATALOG} (READ_ONLY)")
            copy_published_tables(con)
            suppressed = build_public_schema(con, k, published_at, run_id)
            build_delivery_quality(con)
            undescribed = comment_everything(con)
            collect_secrets(con, WAREHOUSE_CATALOG)
            refuse_personal_data(con, ANALYTICS_SCHEMAS)
            con.execute("DROP TABLE publish_secrets")
            (tables,) = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchone()
            con.execute(f"DETACH {WAREHOUSE_CATALOG}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        destination = analytics_path(output)
        _replace(temporary, destination)
    except BaseException:
        _remove_temporaries(output)
        raise
    return Publication(destination, published_at, tables, suppressed, undescribed)


# Per-person dates of birth stay in the restricted warehouse: with school and gender
# beside a person_key they come close to naming a minor.
WITHHELD_COLUMNS = ("birth_date",)


def copy_published_tables(con: duckdb.DuckDBPyConnection) -> int:
    """Every table and view of the warehouse's published schemas, as a table of the same
    name without the WITHHELD_COLUMNS; returns how many."""
    names = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE database_name = ? AND list_contains(?, schema_name) "
        "UNION ALL "
        "SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = ? AND NOT internal AND list_contains(?, schema_name) "
        "ORDER BY ALL",
        [WAREHOUSE_CATALOG, list(PUBLISHED_SCHEMAS)] * 2,
    ).fetchall()
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}")
    for schema, table in names:
        name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        withheld = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
            "AND table_name = ? AND list_contains(?, column_name)",
            [WAREHOUSE_CATALOG, schema, table, list(WITHHELD_COLUMNS)],
        ).fetchall()]
        exclude = f" EXCLUDE ({', '.join(map(quote_identifier, withheld))})" if withheld else ""
        con.execute(f"CREATE TABLE {name} AS SELECT *{exclude} FROM {WAREHOUSE_CATALOG}.{name}")
    return len(names)


def comment_everything(con: duckdb.DuckDBPyConnection) -> list[str]:
    """COMMENT ON every table and column of the file's own database; returns the tables
    and columns left without a description ("schema.table" or "schema.table.column")."""
    (catalog,) = con.execute("SELECT current_database()").fetchone()
    columns = con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = ? ORDER BY schema_name, table_name, column_index",
        [catalog],
    ).fetchall()
    undescribed = []
    tables = dict.fromkeys((schema, table) for schema, table, _ in columns)
    for schema, table in tables:
        text = table_description(f"{schema}.{table}")
        if text is None:
            undescribed.append(f"{schema}.{table}")
            continue
        con.execute(
            f"COMMENT ON TABLE {quote_identifier(schema)}.{quote_identifier(table)} IS {quote_literal(text)}"
        )
    for schema, table, column in columns:
        text = column_description(f"{schema}.{table}", column)
        if text is None:
            undescribed.append(f"{schema}.{table}.{column}")
            continue
        con.execute(
            f"COMMENT ON COLUMN {quote_identifier(schema)}.{quote_identifier(table)}."
            f"{quote_identifier(column)} IS {quote_literal(text)}"
        )
    return undescribed


def _replace(temporary: Path, destination: Path) -> None:
    """Rename the finished file over the old one. A write-ahead log left beside the old
    file (someone opened it for writing and did not close it) would be replayed onto the
    new file: it goes first."""
    stale_log = destination.with_name(destination.name + ".wal")
    if stale_log.exists():
        stale_log.unlink()
    os.replace(temporary, destination)
    directory = os.open(destination.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_temporaries(output: Path) -> None:
    """Temporary files of a publication that failed or was killed (the file, its
    write-ahead log, DuckDB's spill directory). One run publishes at a time: the
    warehouse admits one writer."""
    for path in output.glob(f"{TEMPORARY_PREFIX}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
