"""Reading the first sheet of a CSV, XLSX or XLS file into a `Table`: the header row's
cells and every row below it as text, one frame row per sheet row (blank rows kept, so
row numbers stay those a person sees in Excel)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import python_calamine

from pipelines.ingest.decoding import decode_csv
from pipelines.ingest.rejections import FileRejected

# Rows searched for the header: up to 3 title rows may stand above it (contract.md); a
# few more are allowed for blank rows between them.
HEADER_SEARCH_ROWS = 10

# Given the first rows of a sheet, the index of the header row (raises FileRejected).
HeaderLocator = Callable[[list[list[str | None]]], int]


@dataclass(frozen=True)
class Table:
    header: list[str | None]
    body: pl.DataFrame  # columns c0..cN (String); row i is sheet row first_body_row + i
    first_body_row: int
    sheet: str | None
    encoding: str | None


def read_table(path: Path, file_path: str, locate_header: HeaderLocator) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, file_path, locate_header)
    if suffix in (".xlsx", ".xls"):
        return _read_excel(path, file_path, locate_header)
    raise FileRejected("unreadable", f"{file_path}: not a CSV, XLSX or XLS file",
                       zh=f"{file_path}：不是 CSV、XLSX 或 XLS 文件")


def _positional(frame: pl.DataFrame, width: int) -> pl.DataFrame:
    """Columns renamed c0..cN and padded to at least `width` columns."""
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    missing = [pl.lit(None, pl.String).alias(f"c{i}") for i in range(frame.width, width)]
    return frame.with_columns(missing) if missing else frame


def _read_csv(path: Path, file_path: str, locate_header: HeaderLocator) -> Table:
    utf8, encoding = decode_csv(path.read_bytes(), file_path)
    if b"\r" in utf8 and b"\n" not in utf8:
        # Lines ended by CR alone (Excel for Mac's "CSV (Macintosh)"): Polars would see
        # one line, so make them ordinary line ends (a CR inside a quoted cell stays a
        # line break there).
        utf8 = utf8.replace(b"\r", b"\n")
    head_text = utf8[: 1 << 16].decode("utf-8", errors="ignore")
    head_rows = [
        [cell if cell != "" else None for cell in record]
        for _, record in zip(range(HEADER_SEARCH_ROWS), _csv_records(head_text, file_path))
    ]
    header_index = locate_header(head_rows)
    header = head_rows[header_index]
    try:
        body = pl.read_csv(
            io.BytesIO(utf8),
            has_header=True,
            skip_rows=header_index,
            infer_schema=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        # Rows longer than the header, or quoting Polars will not take: the csv module
        # reads anything, cell by cell, so no cell is lost.
        body = _read_csv_slowly(utf8, header_index, file_path)
    return Table(header, _positional(body, len(header)), header_index + 2, None, encoding)


def _read_csv_slowly(utf8: bytes, header_index: int, file_path: str) -> pl.DataFrame:
    # A cell may be as long as the file: the csv module's default limit (128 KiB) would
    # make a long cell an error, not a value (the limit is process-wide; it only grows).
    csv.field_size_limit(max(csv.field_size_limit(), min(len(utf8), 2**31 - 1)))
    records = list(_csv_records(utf8.decode("utf-8"), file_path))[header_index + 1 :]
    width = max((len(r) for r in records), default=0)
    columns = {
        f"c{i}": [r[i] if i < len(r) and r[i] != "" else None for r in records]
        for i in range(width)
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def _csv_records(text: str, file_path: str):
    """The csv module's records of `text` (newline="" as it asks, so line ends inside
    quoted cells are kept); a text it cannot take makes the file unreadable."""
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise FileRejected("unreadable", f"{file_path}: not readable as CSV ({error})",
                           zh=f"{file_path}：无法按 CSV 读取（{error}）") from None


def _read_excel(path: Path, file_path: str, locate_header: HeaderLocator) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise FileRejected("unreadable", f"{file_path}: the workbook has no sheet",
                               zh=f"{file_path}：工作簿中没有工作表")
        sheet = workbook.get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except FileRejected:
        raise
    except Exception as error:  # calamine raises several types for corrupt workbooks
        raise FileRejected("unreadable", f"{file_path}: not a readable workbook ({error})",
                           zh=f"{file_path}：不是可读取的工作簿（{error}）") from None
    rows = [[cell_text(value) for value in row] for row in cells]
    header_index = locate_header(rows[:HEADER_SEARCH_ROWS])
    header = rows[header_index]
    below = rows[header_index + 1 :]
    width = max([len(header), *(len(r) for r in below)])
    body = pl.DataFrame(
        {f"c{i}": [r[i] if i < len(r) else None for r in below] for i in range(width)},
        schema={f"c{i}": pl.String for i in range(width)},
    )
    return Table(header, body, header_index + 2, sheet.name, None)


def cell_text(value: object) -> str | None:
    """An Excel cell as the text a person would type for it. Whole numbers lose the
    '.0'; numbers too large for exact display keep Python's repr (so an ID damaged into
    4.40106200501011e+17 stays visibly damaged); dates become ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
