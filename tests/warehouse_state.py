"""Reading a warehouse's state in tests: a checksum per table, to show that a re-run
changed nothing or that two runs agree."""

from __future__ import annotations

from pathlib import Path

import duckdb


def table_checksums(
    warehouse: Path, exclude: tuple[str, ...] = (), ignore_columns: tuple[str, ...] = ()
) -> dict[str, tuple[int, str]]:
    """{schema.table: (rows, md5 of all rows in a canonical order)}, leaving out the
    columns named in `ignore_columns` (such as ingestion timestamps)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL"
        ).fetchall()
        sums = {}
        for schema, table in tables:
            name = f"{schema}.{table}"
            if name in exclude:
                continue
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                "AND table_name = ? ORDER BY ordinal_position", [schema, table]).fetchall()]
            kept = ", ".join(f'"{c}"' for c in columns if c not in ignore_columns)
            sums[name] = con.execute(
                f'SELECT count(*), coalesce(md5(string_agg(CAST(t AS VARCHAR), chr(10) '
                f'ORDER BY CAST(t AS VARCHAR))), \'\') FROM (SELECT {kept} FROM "{schema}"."{table}") t'
            ).fetchone()
        return sums


def query(warehouse: Path, sql: str, parameters=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, parameters).fetchall() if parameters else con.execute(sql).fetchall()


# Tables that remember earlier deliveries (contract.md, "Re-delivery": each file's
# versions and what a replacement changed): a warehouse updated over an earlier delivery
# differs from a fresh run over the same input there, by design, and only there.
INPUT_HISTORY = (
    "audit.file_versions", "quarantine.rejection_identities", "audit.redelivery_changes",
    "audit.file_units", "public.delivery_unit_files", "public.delivery_redeliveries",
)


def without_history(checksums: dict) -> dict:
    """`checksums` (table_checksums) without the INPUT_HISTORY tables."""
    return {name: value for name, value in checksums.items() if name not in INPUT_HISTORY}
