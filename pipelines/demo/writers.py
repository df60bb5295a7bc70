"""Writing one planned file (CSV, XLSX or XLS) from its rows, and reporting what a reader
will find in it: the file entry of the manifest and the row number of every defect."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter
import xlwt

from pipelines.demo.layout import REMARK_HEADER, SERIAL_HEADER, FilePlan
from pipelines.demo.manifest import Defect, FileEntry
from pipelines.demo.spellings import COLUMN_KINDS, Cell, ColumnStyle, render

# Workbook metadata is fixed so that the same options give byte-identical files.
FIXED_TIME = dt.datetime(2025, 1, 1)
REMARKS = ("线上参加", "已转学", "材料待补", "复核", "信息已更正")


def write_file(out_dir: Path, plan: FilePlan, rows: pl.DataFrame, rng: np.random.Generator,
               fast: bool) -> tuple[FileEntry, list[Defect]]:
    """Write `rows` (in `_order`) as `plan` says; return the manifest entry and the
    defects with the row numbers a person opening the file sees."""
    entry, defects, _ = write_numbered(out_dir, plan, rows, rng, fast)
    return entry, defects


def write_numbered(out_dir: Path, plan: FilePlan, rows: pl.DataFrame, rng: np.random.Generator,
                   fast: bool) -> tuple[FileEntry, list[Defect], pl.DataFrame]:
    """`write_file`, also returning the rows as written (in file order) with the
    `row_number` a person opening the file sees (for truths recorded per row)."""
    rows = rows.sort("_order", maintain_order=True)
    n = rows.height
    blank_before = np.sort(rng.integers(1, n, plan.blank_rows)) if n > 1 else np.array([], int)
    header_row = len(plan.title_rows) + 1
    row_numbers = header_row + 1 + np.arange(n) + np.searchsorted(blank_before, np.arange(n), side="right")
    path = out_dir / plan.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if fast:
        data = _fast_csv(plan, rows)
    else:
        header, body = _cells(plan, rows, rng)
        if plan.format == "csv":
            data = _csv(plan, header, body)
        elif plan.format == "xlsx":
            data = _xlsx(plan, header, body, row_numbers)
        else:
            data = _xls(plan, header, body, row_numbers)
    path.write_bytes(data)
    entry = FileEntry(
        path=plan.path, source=plan.source, year=plan.year, format=plan.format,
        encoding=plan.encoding, title_rows=len(plan.title_rows), header_row=header_row,
        data_rows=n, blank_rows=len(blank_before), total_row=plan.total_label is not None,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    marked = rows.select(
        pl.Series("row_number", row_numbers, dtype=pl.Int64), "_reason", "_column"
    ).filter(pl.col("_reason").is_not_null())
    defects = [Defect(plan.path, number, plan.source, plan.year, reason, column)
               for number, reason, column in marked.iter_rows()]
    return entry, defects, rows.with_columns(row_number=pl.Series(row_numbers, dtype=pl.Int64))


def write_reference(out_dir: Path, relative: str, rows: list[dict]) -> FileEntry:
    """A reference table as UTF-8 CSV with its column names as header."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = text.getvalue().encode("utf-8")
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return FileEntry(relative, None, None, "csv", "utf-8", 0, 1, len(rows), 0, False,
                     hashlib.sha256(data).hexdigest())


def _cells(plan: FilePlan, rows: pl.DataFrame, rng: np.random.Generator
           ) -> tuple[list[str], list[list[Cell]]]:
    """Header and body cells, each value in the spelling this file uses for it; the
    cell a defect was injected into is written as injected."""
    n = rows.height
    columns: list[list[Cell]] = []
    for column in plan.columns:
        kind = COLUMN_KINDS.get(column)
        style = ColumnStyle(rng, kind, plan.excel)
        draws = style.draws(rng, n).tolist()
        verbatim = (rows["_column"] == column).fill_null(False).to_list()
        columns.append([value if as_is else render(kind, value, draw, plan.excel)
                        for value, draw, as_is in zip(rows[column].to_list(), draws, verbatim)])
    header = list(plan.headers)
    if plan.serial_column:
        header.insert(0, SERIAL_HEADER)
        columns.insert(0, list(range(1, n + 1)))
    if plan.remark_column:
        header.append(REMARK_HEADER)
        remark = rng.integers(0, len(REMARKS), n)
        columns.append([REMARKS[r] if keep else None
                        for r, keep in zip(remark.tolist(), (rng.random(n) < 0.1).tolist())])
    return header, [list(row) for row in zip(*columns)]


def _csv(plan: FilePlan, header: list[str], body: list[list[Cell]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL if plan.quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([["" if cell is None else cell for cell in row] for row in body])
    return text.getvalue().encode(plan.encoding)


def _fast_csv(plan: FilePlan, rows: pl.DataFrame) -> bytes:
    """Canonical text straight from Polars, for millions of rows."""
    buffer = io.BytesIO()
    rows.select(pl.col(c).alias(h) for c, h in zip(plan.columns, plan.headers)).write_csv(buffer)
    return buffer.getvalue()


def _total(plan: FilePlan, rows: int) -> list[Cell]:
    return [plan.total_label, f"共{rows}条"]


def _xlsx(plan: FilePlan, header: list[str], body: list[list[Cell]], row_numbers: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False, "in_memory": True})
    book.set_properties({"created": FIXED_TIME, "author": "英才计划全国管理办公室"})
    sheet = book.add_worksheet("Sheet1")
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, title in enumerate(plan.title_rows):
        if title and r == 0 and len(header) > 1:
            sheet.merge_range(0, 0, 0, len(header) - 1, title, bold)
        elif title:
            sheet.write_string(r, 0, title)
    for c, text in enumerate(header):
        sheet.write_string(len(plan.title_rows), c, text, bold)
    for row, number in zip(body, row_numbers.tolist()):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, str):
                sheet.write_string(number - 1, c, cell)
            elif isinstance(cell, dt.date):
                sheet.write_datetime(number - 1, c, dt.datetime.combine(cell, dt.time()), date)
            else:
                sheet.write_number(number - 1, c, cell)
    if plan.total_label:
        last = int(row_numbers[-1]) if len(row_numbers) else len(plan.title_rows) + 1
        for c, cell in enumerate(_total(plan, len(body))):
            sheet.write_string(last, c, cell)
    book.close()
    return buffer.getvalue()


def _xls(plan: FilePlan, header: list[str], body: list[list[Cell]], row_numbers: np.ndarray) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    bold = xlwt.easyxf("font: bold on")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, title in enumerate(plan.title_rows):
        if title and r == 0 and len(header) > 1:
            sheet.write_merge(0, 0, 0, len(header) - 1, title, bold)
        elif title:
            sheet.write(r, 0, title)
    for c, text in enumerate(header):
        sheet.write(len(plan.title_rows), c, text, bold)
    for row, number in zip(body, row_numbers.tolist()):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, dt.date):
                sheet.write(number - 1, c, dt.datetime.combine(cell, dt.time()), date)
            else:
                sheet.write(number - 1, c, cell)
    if plan.total_label:
        last = int(row_numbers[-1]) if len(row_numbers) else len(plan.title_rows) + 1
        for c, cell in enumerate(_total(plan, len(body))):
            sheet.write(last, c, cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
