"""The DuckDB warehouse: opening it (one writer at a time) and running the project's SQL
files. A table's model is sql/<layer>/<name>.sql, named "<layer>/<name>"; a query that
makes no table (a check's, a page's, the CLI summary's) is a file beside the code that
runs it, named by `sql_file`. Values reach SQL only as parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
SCHEMAS = ("raw", "staging", "core", "marts", "quarantine", "audit", "restricted")
# memory_limit: DuckDB would otherwise take up to 80% of the machine's memory for its
# buffers; with this cap a national-scale run stays within 3 GB in all (Polars frames of
# a year's training rows and Python beside it), spilling to <file>.tmp/ where a join
# needs more. checkpoint_threshold: writes commit in batches (ingest, staging), and a
# checkpoint at each commit once the log passed 16 MB rewrote the tables again and again
# (ingest at national scale 23 s → 19 s); the checkpoint comes when the connection closes.
DUCKDB_CONFIG = {"memory_limit": "1536MB", "checkpoint_threshold": "4GB"}
# Rows written per transaction where a step writes in batches (ingest: whole files;
# staging: whole years): one transaction over everything would hold it all in memory
# (over 3 GB at national scale), one per file or year pays a fixed cost hundreds of times.
COMMIT_ROWS = 500_000


class WarehouseBusy(Exception):
    """Another process holds the warehouse file."""


def sql_file(module: str, name: str) -> Path:
    """The query <name>.sql in the folder of the module file `module` (its `__file__`),
    e.g. sql_file(__file__, "queries/warnings"); a missing file fails here, when the
    module names it, not when the query first runs."""
    path = Path(module).resolve().parent / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path


@cache
def sql(query: str | Path) -> str:
    """The text of a SQL file: a model by name, e.g. sql("audit/file_ingest") for
    sql/audit/file_ingest.sql, or a query's `sql_file` path."""
    path = query if isinstance(query, Path) else SQL_DIR / f"{query}.sql"
    return path.read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, query: str | Path, parameters=None) -> duckdb.DuckDBPyConnection:
    """Run every statement of a SQL file, named as for `sql` (statements end with ';' at a
    line's end)."""
    statements = [s for s in re.split(r";\s*$", sql(query), flags=re.MULTILINE) if s.strip()]
    for statement in statements[:-1]:
        con.execute(statement)
    return con.execute(statements[-1], parameters) if parameters else con.execute(statements[-1])


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse file; raises WarehouseBusy with a readable message
    when another process has it open for writing."""
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `yingcai run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise WarehouseBusy(
                f"the warehouse {path} is in use by another process; wait for it to finish"
            ) from None
        raise
    try:
        if not read_only:
            for schema in SCHEMAS:
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        yield con
    finally:
        con.close()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> Iterator[str]:
    """`frame` visible to SQL as `name` while the block runs. Registered as Arrow: DuckDB
    reads a Polars frame's string columns half as fast (1.2 million training rows insert
    in 2.0 s from the frame, 1.0 s from its Arrow table, which costs 0.05 s to make)."""
    con.register(name, frame.to_arrow())
    try:
        yield name
    finally:
        con.unregister(name)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The block's writes commit together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def align_columns(con: duckdb.DuckDBPyConnection, table: str, relation: str) -> None:
    """Give `table` (kept across runs, written a partition at a time) the columns of
    `relation`, the rows about to be inserted: a column the code now writes is added
    (NULL in the rows of partitions not yet written again), a column it no longer writes
    is dropped, one whose type changed is made again. A warehouse made by an earlier
    version of the code is brought to this one's layout without losing other
    partitions; an upgraded pipeline processes every year anyway
    (pipelines.raw.completed_input_state)."""
    schema, name = table.split(".")
    have = dict(con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchall())
    want = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE FROM {relation})").fetchall())
    for column, data_type in want.items():
        if column in have and have[column] != data_type:
            con.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
        if column not in have or have[column] != data_type:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {data_type}')
    for column in have.keys() - want.keys():
        con.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
