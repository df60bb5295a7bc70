"""Writing real delivery files for tests: CSV in a chosen encoding, XLSX and XLS with
title rows, blank rows and a total row, exactly as provincial offices send them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter
import xlwt

Row = list[object]


def write_csv(path: Path, rows: list[Row], encoding: str = "utf-8") -> Path:
    """`encoding` is a Python codec: utf-8, utf-8-sig (with BOM) or gb18030."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(
        [["" if cell is None else cell for cell in row] for row in rows]
    )
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[Row], title: str | None = None) -> Path:
    """Rows from A1 (or from row 2 under a merged title cell). None leaves a cell empty;
    datetime.date values become real Excel date cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": dt.datetime(2020, 1, 1)})
    sheet = book.add_worksheet("Sheet1")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    offset = 0
    if title is not None:
        width = max(len(r) for r in rows)
        sheet.merge_range(0, 0, 0, max(width - 1, 1), title)
        offset = 1
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, dt.date):
                sheet.write_datetime(r + offset, c, dt.datetime.combine(cell, dt.time()), dates)
            else:
                sheet.write(r + offset, c, cell)
    book.close()
    return path


def write_xls(path: Path, rows: list[Row], title: str | None = None) -> Path:
    """An Excel 97–2003 workbook, as xlwt writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    offset = 0
    if title is not None:
        width = max(len(r) for r in rows)
        sheet.write_merge(0, 0, 0, max(width - 1, 1), title)
        offset = 1
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, dt.date):
                sheet.write(r + offset, c, dt.datetime.combine(cell, dt.time()), dates)
            else:
                sheet.write(r + offset, c, cell)
    book.save(str(path))
    return path


MENTORS_HEADER = ["mentor_id", "name", "university_code", "discipline", "title"]


def write_two_university_reference(inp: Path, mentors: list[Row]) -> None:
    """reference/ of the hand-built deliveries: 中山大学 (10558, 广东) and 北京大学 (10001,
    北京, a 数学 base since 2019), and the `mentors` given (rows after the header)."""
    write_csv(inp / "reference" / "universities.csv", [
        ["university_code", "name", "aliases", "province_code", "topnotch_host"],
        ["10558", "中山大学", "中大", "440000", "true"],
        ["10001", "北京大学", "北大", "110000", "true"],
    ])
    write_csv(inp / "reference" / "mentors.csv", [MENTORS_HEADER, *mentors])
    write_csv(inp / "reference" / "topnotch_bases.csv", [
        ["university_code", "discipline", "batch_year"], ["10001", "数学", "2019"],
    ])
