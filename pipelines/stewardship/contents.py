"""What the steward workbooks are made of, read from the warehouse: which delivered files
get a workbook and its content digest (rejection_contents.sql), and for the workbooks to
be written, each file's delivered headers, rejected rows (every reason, related row,
delivered cells) and warnings (with the delivered cell they are about)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.unions import RAW_LINEAGE_NOT_DELIVERED
from pipelines.warehouse import run_sql, sql_file

REJECTION_CONTENTS_SQL = sql_file(__file__, "rejection_contents")


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    reasons: tuple[tuple[str, str | None], ...]  # (reason, column), the first the accounting one
    related_file_path: str | None
    related_row_number: int | None
    person_cohort_year: int | None
    values: dict  # delivered cells: contract column → text, and extra_columns


@dataclass(frozen=True)
class RowWarning:
    row_number: int
    reason: str
    column: str | None
    value: str | None  # the delivered cell the warning is about


@dataclass(frozen=True)
class FileContents:
    """Everything one delivered file's workbook shows."""

    file_path: str
    source: str
    year: int
    headers: dict[str, str] | None  # contract column → header as delivered
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.rejected) + len(self.warnings)


def digests(con: duckdb.DuckDBPyConnection, layout: str) -> list[tuple[str, str, int, str]]:
    """(source, file_path, year, digest) of every file with rejected rows or warnings."""
    return run_sql(con, REJECTION_CONTENTS_SQL, {"layout": layout}).fetchall()


def _warnings_sql() -> str:
    excluded = ", ".join(RAW_LINEAGE_NOT_DELIVERED)
    return "\nUNION ALL\n".join(
        "SELECT w.file_path, w.row_number, w.reason, w.column_name, to_json(r) AS delivered\n"
        f"FROM audit.row_warnings AS w\nJOIN (SELECT * EXCLUDE ({excluded}) FROM raw.{s.name}) AS r "
        "USING (file_path, row_number)\n"
        f"WHERE w.source = '{s.name}' AND list_contains($files, w.file_path)"
        for s in DELIVERY_SOURCES
    ) + "\nORDER BY file_path, row_number, reason"


def gather(con: duckdb.DuckDBPyConnection, files: list[tuple[str, str, int]]) -> dict[str, FileContents]:
    """The contents of the workbooks of `files` ((source, file_path, year) each)."""
    paths = [file_path for _, file_path, _ in files]
    headers = dict(con.execute(
        "SELECT file_path, headers FROM audit.file_ingest WHERE list_contains(?, file_path)", [paths]
    ).fetchall())
    contents = {
        file_path: FileContents(file_path, source, year, json.loads(headers[file_path]) if headers.get(file_path) else None)
        for source, file_path, year in files
    }
    for file_path, number, reasons, related_path, related_number, cohort_year, values in con.execute(
        "SELECT file_path, row_number, reasons, related_file_path, related_row_number, "
        "person_cohort_year, raw_values FROM quarantine.rejected_rows "
        "WHERE list_contains(?, file_path) ORDER BY file_path, row_number",
        [paths],
    ).fetchall():
        contents[file_path].rejected.append(RejectedRow(
            number, tuple((r["reason"], r["column_name"]) for r in reasons), related_path,
            related_number, cohort_year, json.loads(values) if values else {},
        ))
    for file_path, number, reason, column, delivered in con.execute(_warnings_sql(), {"files": paths}).fetchall():
        value = json.loads(delivered).get(column) if column else None
        contents[file_path].warnings.append(RowWarning(number, reason, column, value))
    return contents
