"""Checksums of every table of one or more DuckDB files, to show that a change left the
tables it did not mean to change as they were.

    .venv/bin/python scripts/table_checksums.py data/output/warehouse.duckdb data/output/analytics.duckdb > before.tsv
    (change, run again) ... > after.tsv
    diff before.tsv after.tsv

One line per table: file, schema.table, row count and an order-independent checksum of
its rows (the sum of each row's hash). Columns that hold the time or the run of the
making (`VOLATILE_COLUMNS`) are left out of the checksum, so two runs on the same input
with the same pseudonym key (YINGCAI_PSEUDONYM_KEY) give the same lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

VOLATILE_COLUMNS = frozenset({"ingested_at", "published_at", "run_id", "processed_at"})


def table_checksums(database: Path) -> list[tuple[str, int, int]]:
    """(schema.table, rows, checksum) of every base table of `database`, sorted."""
    lines = []
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE NOT internal ORDER BY schema_name, table_name"
        ).fetchall()
        for schema, table in tables:
            columns = [
                name for (name,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() "
                    "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
                    [schema, table],
                ).fetchall()
                if name not in VOLATILE_COLUMNS
            ]
            kept = ", ".join(f'"{c}"' for c in columns)
            rows, checksum = con.execute(
                f'SELECT count(*), coalesce(sum(hash(row({kept}))::HUGEINT), 0) '
                f'FROM "{schema}"."{table}"'
            ).fetchone()
            lines.append((f"{schema}.{table}", rows, int(checksum)))
    return lines


def main(arguments: list[str]) -> int:
    if not arguments:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: table_checksums.py DATABASE.duckdb ...", file=sys.stderr)
        return 2
    for database in map(Path, arguments):
        for table, rows, checksum in table_checksums(database):
            print(f"{database.name}\t{table}\t{rows}\t{checksum}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
