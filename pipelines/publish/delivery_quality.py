"""The published delivery-quality tables of the `public` schema, for the data-quality
page and anybody checking a delivery without the restricted warehouse: files and rows
per year and source, rejected rows and warnings by reason and reporting unit, the files
rejected whole, every file's rows by unit, and what each re-delivered file resolved
(sql/public/delivery_*.sql); and the reference list of universities the
figures name (sql/public/universities.sql: institutions, no persons). Built on the publishing connection, which has
the warehouse attached read-only as `warehouse`. Counts of delivered files and rows, not
of students: not suppressed."""

from __future__ import annotations

import duckdb

from pipelines.warehouse import run_sql

DELIVERY_TABLES = (
    "delivery_files", "delivery_rejected_rows", "delivery_warnings", "delivery_rejected_files",
    "delivery_unit_files", "delivery_redeliveries",
)
REFERENCE_TABLES = ("universities",)


def build_delivery_quality(con: duckdb.DuckDBPyConnection) -> None:
    """public.delivery_* and public.universities from the attached warehouse."""
    for table in (*DELIVERY_TABLES, *REFERENCE_TABLES):
        run_sql(con, f"public/{table}")
