"""Keeping the raw layer equal to the input directory, file by file.

A file is identified by its path under the input. A file whose SHA-256 (and reader
version) is unchanged is not read again, so a re-run writes nothing; a changed file's rows
are replaced; a file that went away takes its rows with it."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.contract.columns import ALL_COLUMNS
from pipelines.contract.sources import READABLE_SUFFIXES
from pipelines.ingest.deliveries import EXTRA_COLUMNS, read_delivery
from pipelines.ingest.discovery import DeliveredFile, sha256_of
from pipelines.ingest.rejections import FileRejected
from pipelines.warehouse import registered, run_sql, transaction

# Bump when reading changes what a file yields, so unchanged files are read again.
READER_VERSION = 1

LINEAGE_COLUMNS = (
    ("year", "INTEGER"),
    ("file_path", "VARCHAR"),
    ("sheet", "VARCHAR"),
    ("row_number", "BIGINT"),
    ("file_sha256", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
)


@dataclass(frozen=True)
class FileOutcome:
    file_path: str
    source: str | None
    action: str  # loaded, rejected, unchanged, removed
    rows_read: int | None = None


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """raw.<source> for every yearly source and reference table: lineage, the contract's
    columns as text, and the other columns of the file as JSON."""
    run_sql(con, "raw/delivered_files")
    for source, columns in ALL_COLUMNS.items():
        definitions = [f"{name} {kind}" for name, kind in LINEAGE_COLUMNS]
        definitions += [f"{column.name} VARCHAR" for column in columns]
        definitions.append(f"{EXTRA_COLUMNS} JSON")
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{source} ({', '.join(definitions)})")


def sync_files(
    con: duckdb.DuckDBPyConnection,
    present: list[DeliveredFile],
    known_paths: list[str],
) -> list[FileOutcome]:
    """Make the raw layer hold exactly `present` among the files it knew as `known_paths`
    (the caller's scope: some years, or the reference folder).

    Files commit in batches of about COMMIT_ROWS rows, never part of a file: one
    transaction over every file would hold them all in memory until the end (over 3 GB
    at national scale), one per file would pay a commit for each of hundreds of small
    files. A run stopped half-way leaves each file either as it was or as it is now,
    which the next run finishes (unchanged files are skipped)."""
    known = {
        path: (sha, version, source)
        for path, sha, version, source in con.execute(
            "SELECT file_path, sha256, reader_version, source FROM raw.delivered_files "
            "WHERE list_contains(?, file_path)",
            [known_paths],
        ).fetchall()
    }
    outcomes = []
    present_paths = {f.path for f in present}
    with _batches(con) as batch:
        for path, (_, _, source) in sorted(known.items()):
            if path not in present_paths:
                _delete_file(con, path, source)
                outcomes.append(FileOutcome(path, source, "removed"))
        for delivered in present:
            sha = _sha256_or_none(delivered)
            previous = known.get(delivered.path)
            if previous and previous[0] == sha and previous[1] == READER_VERSION and sha is not None:
                outcomes.append(FileOutcome(delivered.path, delivered.source, "unchanged"))
                continue
            if previous:
                _delete_file(con, delivered.path, previous[2])
            outcome = _load_file(con, delivered, sha)
            outcomes.append(outcome)
            batch.file_done(outcome.rows_read or 0)
    return outcomes


COMMIT_ROWS = 500_000


class _Batches:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.rows = 0

    def file_done(self, rows: int) -> None:
        """Commit once COMMIT_ROWS rows have gathered, and go on in a new transaction."""
        self.rows += rows
        if self.rows >= COMMIT_ROWS:
            self.con.execute("COMMIT")
            self.con.execute("BEGIN TRANSACTION")
            self.rows = 0


@contextmanager
def _batches(con: duckdb.DuckDBPyConnection) -> Iterator[_Batches]:
    with transaction(con):
        yield _Batches(con)


def _sha256_or_none(delivered: DeliveredFile) -> str | None:
    if delivered.absolute.is_symlink():  # never read through a link: it may lead outside
        return None
    try:
        return sha256_of(delivered.absolute)
    except OSError:
        return None


def _delete_file(con: duckdb.DuckDBPyConnection, path: str, source: str | None) -> None:
    if source in ALL_COLUMNS:
        con.execute(f"DELETE FROM raw.{source} WHERE file_path = ?", [path])
    con.execute("DELETE FROM raw.delivered_files WHERE file_path = ?", [path])


def _load_file(con: duckdb.DuckDBPyConnection, delivered: DeliveredFile, sha: str | None) -> FileOutcome:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    log = {
        "file_path": delivered.path,
        "year": delivered.year,
        "source": delivered.source,
        "file_format": delivered.suffix.lstrip(".") or None,
        "sha256": sha,
        "size_bytes": _size_or_none(delivered),
        "status": "rejected",
        "reason": None,
        "message": None,
        "sheet": None,
        "encoding": None,
        "header_row": None,
        "rows_read": None,
        "reader_version": READER_VERSION,
        "ingested_at": now,
    }
    try:
        delivery = _read(delivered, sha)
    except FileRejected as rejection:
        log.update(reason=rejection.reason, message=rejection.message, rows_read=rejection.rows_read)
        _log(con, log)
        return FileOutcome(delivered.path, delivered.source, "rejected")
    rows = delivery.rows.with_columns(
        pl.lit(delivered.year, pl.Int32).alias("year"),
        pl.lit(delivered.path).alias("file_path"),
        pl.lit(delivery.sheet, pl.String).alias("sheet"),
        pl.lit(sha).alias("file_sha256"),
        pl.lit(now).alias("ingested_at"),
    )
    with registered(con, "delivered_rows", rows):
        con.execute(f"INSERT INTO raw.{delivered.source} BY NAME SELECT * FROM delivered_rows")
    log.update(
        status="loaded",
        sheet=delivery.sheet,
        encoding=delivery.encoding,
        header_row=delivery.header_row,
        rows_read=delivery.rows_read,
    )
    _log(con, log)
    return FileOutcome(delivered.path, delivered.source, "loaded", delivery.rows_read)


def _read(delivered: DeliveredFile, sha: str | None):
    if delivered.absolute.is_symlink():
        raise FileRejected("unreadable", f"{delivered.path}: a symbolic link, not a delivered file")
    if sha is None:
        what = "not a regular file" if _is_special(delivered) else "the file cannot be opened"
        raise FileRejected("unreadable", f"{delivered.path}: {what}")
    if delivered.source is None:
        raise FileRejected(
            "unknown_source",
            f"{delivered.path}: the file name names no source of the contract, or more than "
            "one (expected one of cohort/学员名单, applicants/申请, training/培养记录, "
            "assessment/考核, followup/跟踪调查)"
            if delivered.year is not None
            else f"{delivered.path}: not a reference table and not inside a year folder",
        )
    if delivered.suffix not in READABLE_SUFFIXES:
        raise FileRejected("unreadable", f"{delivered.path}: not a CSV, XLSX or XLS file")
    return read_delivery(delivered.absolute, delivered.path, delivered.source)


def _is_special(delivered: DeliveredFile) -> bool:
    """A named pipe, socket or device (or a folder) where a file was expected."""
    try:
        return not stat.S_ISREG(delivered.absolute.lstat().st_mode)
    except OSError:
        return False


def _size_or_none(delivered: DeliveredFile) -> int | None:
    try:
        return delivered.absolute.stat().st_size
    except OSError:
        return None


def _log(con: duckdb.DuckDBPyConnection, log: dict) -> None:
    columns = ", ".join(log)
    placeholders = ", ".join("?" for _ in log)
    con.execute(
        f"INSERT INTO raw.delivered_files ({columns}) VALUES ({placeholders})", list(log.values())
    )


def known_paths_in_years(con: duckdb.DuckDBPyConnection, years: list[int]) -> list[str]:
    return [
        path
        for (path,) in con.execute(
            "SELECT file_path FROM raw.delivered_files WHERE list_contains(?, year)", [years]
        ).fetchall()
    ]


def known_paths_outside_years(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        path
        for (path,) in con.execute(
            "SELECT file_path FROM raw.delivered_files WHERE year IS NULL"
        ).fetchall()
    ]
