"""raw.<source> of every registered source and reference file (TABLES): keeping the raw
layer equal to the input directory, file by file.

A file is identified by its path under the input. A file whose SHA-256 (and reader
version) is unchanged is not read again, so a re-run writes nothing; a changed file's rows
are replaced; a file that went away takes its rows with it."""

from __future__ import annotations

import datetime as dt
import json
import stat
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.contract.columns import ALL_COLUMNS
from pipelines.contract.sources import READABLE_SUFFIXES
from pipelines.ingest.deliveries import EXTRA_COLUMNS, read_delivery
from pipelines.ingest.discovery import DeliveredFile, sha256_of
from pipelines.ingest.rejections import FileRejected
from pipelines.registry.sources import DELIVERY_SOURCES, REFERENCE_FILES
from pipelines.warehouse import COMMIT_ROWS, registered, run_sql, transaction

TABLES = tuple(f"raw.{source}" for source in ALL_COLUMNS)
LINEAGE_NOTE = (
    " Every value is text exactly as in the file; lineage columns give the file path "
    "relative to the input, sheet, the row number a person sees in Excel (header row "
    "included), the file's SHA-256 and the ingestion time; columns outside the contract "
    "are kept in extra_columns as JSON."
)


def describe(table: str) -> tuple[str, dict[str, str]]:
    """raw.<source>'s description (from the source registry) and column descriptions."""
    (source,) = [s for s in (*DELIVERY_SOURCES, *REFERENCE_FILES) if f"raw.{s.name}" == table]
    return source.raw_description + LINEAGE_NOTE, {}

# Bump when reading changes what a file yields, so unchanged files are read again.
READER_VERSION = 2  # 2: the delivered header names (raw.delivered_files.headers)

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

    Files commit in batches of about COMMIT_ROWS rows (pipelines.warehouse), never part
    of a file. A run stopped half-way leaves each file either as it was or as it is now,
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
    with transaction(con):
        batch = _Batch(con)
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
            outcome, log, rows = _read_file(delivered, sha)
            outcomes.append(outcome)
            batch.add(delivered.source, log, rows)
        batch.flush()
    return outcomes


class _Batch:
    """Files read but not yet written: their rows are inserted one source at a time and
    committed together once COMMIT_ROWS rows have gathered (hundreds of small files cost
    a handful of inserts, not one each)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.logs: list[dict] = []
        self.rows: dict[str, list[pl.DataFrame]] = {}
        self.row_count = 0

    def add(self, source: str | None, log: dict, rows: pl.DataFrame | None) -> None:
        self.logs.append(log)
        if rows is not None:
            self.rows.setdefault(source, []).append(rows)
            self.row_count += rows.height
        if self.row_count >= COMMIT_ROWS:
            self.flush()
            self.con.execute("COMMIT")
            self.con.execute("BEGIN TRANSACTION")

    def flush(self) -> None:
        for source, frames in self.rows.items():
            with registered(self.con, "delivered_rows", pl.concat(frames, how="vertical_relaxed")):
                self.con.execute(f"INSERT INTO raw.{source} BY NAME SELECT * FROM delivered_rows")
        if self.logs:
            with registered(self.con, "file_logs", pl.DataFrame(self.logs, infer_schema_length=None)):
                self.con.execute("INSERT INTO raw.delivered_files BY NAME SELECT * FROM file_logs")
        self.logs, self.rows, self.row_count = [], {}, 0


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


def _read_file(
    delivered: DeliveredFile, sha: str | None
) -> tuple[FileOutcome, dict, pl.DataFrame | None]:
    """A file's outcome, its line of raw.delivered_files, and its rows with their lineage
    (None when the file is rejected whole)."""
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
        "message_zh": None,
        "sheet": None,
        "encoding": None,
        "header_row": None,
        "headers": None,
        "rows_read": None,
        "reader_version": READER_VERSION,
        "ingested_at": now,
    }
    try:
        delivery = _read(delivered, sha)
    except FileRejected as rejection:
        log.update(reason=rejection.reason, message=rejection.message, message_zh=rejection.message_zh,
                   rows_read=rejection.rows_read)
        return FileOutcome(delivered.path, delivered.source, "rejected"), log, None
    rows = delivery.rows.with_columns(
        pl.lit(delivered.year, pl.Int32).alias("year"),
        pl.lit(delivered.path).alias("file_path"),
        pl.lit(delivery.sheet, pl.String).alias("sheet"),
        pl.lit(sha).alias("file_sha256"),
        pl.lit(now).alias("ingested_at"),
    )
    log.update(
        status="loaded",
        sheet=delivery.sheet,
        encoding=delivery.encoding,
        header_row=delivery.header_row,
        headers=json.dumps(delivery.headers, ensure_ascii=False),
        rows_read=delivery.rows_read,
    )
    return FileOutcome(delivered.path, delivered.source, "loaded", delivery.rows_read), log, rows


# The file-name keywords of every delivery source, for the unknown_source message.
_KEYWORDS_EN = ", ".join("/".join(s.keywords) for s in DELIVERY_SOURCES)
_KEYWORDS_ZH = "、".join(f"{s.keywords[-1]} {s.keywords[0]}" for s in DELIVERY_SOURCES)


def _read(delivered: DeliveredFile, sha: str | None):
    if delivered.absolute.is_symlink():
        raise FileRejected("unreadable", f"{delivered.path}: a symbolic link, not a delivered file",
                           zh=f"{delivered.path}：是符号链接，不是交付的文件")
    if sha is None:
        what, what_zh = (("not a regular file", "不是普通文件") if _is_special(delivered)
                         else ("the file cannot be opened", "文件无法打开"))
        raise FileRejected("unreadable", f"{delivered.path}: {what}", zh=f"{delivered.path}：{what_zh}")
    if delivered.source is None:
        raise FileRejected(
            "unknown_source",
            f"{delivered.path}: the file name names no source of the contract, or more than "
            f"one (expected one of {_KEYWORDS_EN})"
            if delivered.year is not None
            else f"{delivered.path}: not a reference table and not inside a year folder",
            zh=f"{delivered.path}：文件名未指明数据类型或指明了多个（应为{_KEYWORDS_ZH}之一）"
            if delivered.year is not None
            else f"{delivered.path}：不是参考表，也不在年份文件夹中",
        )
    if delivered.suffix not in READABLE_SUFFIXES:
        raise FileRejected("unreadable", f"{delivered.path}: not a CSV, XLSX or XLS file",
                           zh=f"{delivered.path}：不是 CSV、XLSX 或 XLS 文件")
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
