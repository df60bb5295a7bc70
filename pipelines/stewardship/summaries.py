"""One summary workbook per reporting unit and delivery year, beside the rejection
workbooks: `<year>/<code>_<short name>.汇总.xlsx`, for every unit and year with files
(audit.file_units; rows of no known unit are in no unit's summary). Sheets:

- 文件: every file of the unit that year — path, source, status, the file-level reason
  with its Chinese message, version, the unit's rows read, loaded, rejected and warned,
  and the rejection workbook to open;
- 重新报送: for each re-delivered file, by reason, the unit's rows resolved, still open
  and new (audit.redelivery_changes);
- 说明: how to read the two.

Text cells are strings (never formulas), counts numbers. A workbook whose content is
unchanged is kept (linked), as the rejection workbooks are: its digest is in the
directory's manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from pipelines.contract.provinces import PROVINCE_BY_CODE
from pipelines.contract.reasons import REASON_DESCRIPTIONS, ROW_REJECT_REASONS
from pipelines.stewardship.workbooks import (
    FILE_REJECTIONS_WORKBOOK,
    WORKBOOK_OPTIONS,
    finish_sheet,
    link_unchanged,
    read_manifest,
    steward_formats,
    workbook_name,
    write_manifest,
)
from pipelines.warehouse import connect, run_sql, sql_file

SUMMARY_SUFFIX = ".汇总.xlsx"
FILES_SQL = sql_file(__file__, "summary_contents")
REDELIVERIES_SQL = sql_file(__file__, "summary_redeliveries")
# Part of every summary's digest: change it with the layout below, so no summary of the
# old layout is kept.
SUMMARY_LAYOUT_VERSION = "2"

STATUS = {"loaded": "已接收 loaded", "rejected": "整份退回 rejected whole"}
FILE_COLUMNS = (  # (title, width)
    ("文件 file", 46), ("数据类型 source", 14), ("状态 status", 16), ("文件级原因 reason", 18),
    ("说明 message", 48), ("版本 version", 10), ("读取行 read", 11), ("接收行 loaded", 12),
    ("退回行 rejected", 13), ("有提示的行 warned", 14), ("退回工作簿 workbook", 46),
)
REDELIVERY_COLUMNS = (
    ("文件 file", 46), ("版本 version", 10), ("上一版本 previous", 12), ("原因 reason", 18),
    ("原因说明", 40), ("已解决 resolved", 13), ("仍未解决 still open", 15), ("新增 new", 10),
)
INSTRUCTIONS = (
    "本工作簿汇总本单位该年度交付的全部文件（按文件中属于本单位的数据行计数）。",
    "“文件”表：每个文件的状态、版本、本单位的读取行、接收行、退回行和有提示的行；读取行 = 接收行 + 退回行。"
    "退回行的明细见“退回工作簿”一列所列的工作簿；整份退回的文件见 文件级退回.xlsx。",
    "一行的所属单位：该行所填省份；否则为该学生入选时的省份；否则为文件名所写的省份。都无法确定的行不计入任何单位的汇总。",
    "“重新报送”表：用同一文件名报送更正后的文件即为重新报送（新版本），系统将新版本与上一版本比较："
    "上一版本退回的行，若新版本中没有同一原因、同一身份证号（无身份证号时为同一行号）的退回行，计为“已解决”；"
    "仍有的计为“仍未解决”；新版本退回而上一版本没有的行计为“新增”。",
    "更正方法：按退回工作簿逐行修改原文件，保持文件名不变，重新报送。",
    "This workbook lists every file the unit delivered that year, counting the file's rows that concern the unit "
    "(rows read = loaded + rejected). 重新报送 compares each re-delivered file (same name, new content) with the "
    "version it replaced: resolved, still open and new rejected rows, by reason.",
)


@dataclass
class Summary:
    year: int
    code: str
    files: list[tuple] = field(default_factory=list)  # FILE_COLUMNS' values
    redeliveries: list[tuple] = field(default_factory=list)  # REDELIVERY_COLUMNS' values

    def digest(self) -> str:
        content = json.dumps([SUMMARY_LAYOUT_VERSION, self.files, self.redeliveries], ensure_ascii=False, default=str)
        return hashlib.sha256(content.encode()).hexdigest()


def summary_name(year: int, code: str) -> str:
    return f"{year}/{code}_{PROVINCE_BY_CODE[code].short_name}{SUMMARY_SUFFIX}"


def summaries(warehouse: Path, workbooks: set[str]) -> dict[str, Summary]:
    """Every unit's summary per year, by workbook name; `workbooks`: the names of the
    rejection workbooks written beside them."""
    found: dict[str, Summary] = {}
    with connect(warehouse, read_only=True) as con:
        files = run_sql(con, FILES_SQL).fetchall()
        changes = run_sql(con, REDELIVERIES_SQL).fetchall()
    for (year, code, path, source, status, reason, message_zh, version,
         read, loaded, rejected, warned) in files:
        name = workbook_name(path)
        opened = name if name in workbooks else FILE_REJECTIONS_WORKBOOK if status == "rejected" else ""
        found.setdefault(summary_name(year, code), Summary(year, code)).files.append((
            path, source or "", STATUS.get(status, status), reason or "", message_zh or "", str(version),
            read, loaded, rejected, warned, opened,
        ))
    order = {r: i for i, r in enumerate(ROW_REJECT_REASONS)}
    for year, code, path, version, previous, reason, resolved, still_open, new in sorted(
        changes, key=lambda c: (c[0], c[1], c[2], order.get(c[5], len(order)))
    ):
        found.setdefault(summary_name(year, code), Summary(year, code)).redeliveries.append((
            path, str(version), str(previous), reason, REASON_DESCRIPTIONS.get(reason, ("", ""))[0], resolved, still_open, new,
        ))
    return found


def _formats(book: xlsxwriter.Workbook) -> dict:
    """The stewards' formats, and counts as numbers."""
    return {**steward_formats(book), "number": book.add_format({"num_format": "#,##0", "valign": "top"})}


def _table(book, formats: dict, title: str, columns: tuple, rows: list[tuple], printed_title: str) -> None:
    sheet = book.add_worksheet(title)
    sheet.write_row(0, 0, [name for name, _ in columns], formats["header"])
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, int) and not isinstance(cell, bool):
                sheet.write_number(r, c, cell, formats["number"])
            elif cell not in (None, ""):
                sheet.write_string(r, c, str(cell), formats["text"])
    finish_sheet(sheet, [width for _, width in columns], max(len(rows), 1), title=printed_title)


def write_summary(path: Path, summary: Summary) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    unit = PROVINCE_BY_CODE[summary.code]
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({"title": f"{summary.year}年 {unit.name} 交付汇总 delivery summary"})
    formats = _formats(book)
    printed_title = f"{summary.year}年 {unit.name} 交付汇总"
    _table(book, formats, "文件", FILE_COLUMNS, summary.files, printed_title)
    if summary.redeliveries:
        _table(book, formats, "重新报送", REDELIVERY_COLUMNS, summary.redeliveries, printed_title)
    else:
        sheet = book.add_worksheet("重新报送")
        sheet.write_string(0, 0, "本年度本单位没有重新报送的文件。No file of the unit was re-delivered this year.")
        sheet.set_column(0, 0, 90)
    notes = book.add_worksheet("说明")
    notes.write_string(0, 0, f"{summary.year}年 {unit.name}（{summary.code}）交付汇总", formats["header"])
    for r, line in enumerate(INSTRUCTIONS, start=2):
        notes.write_string(r, 0, line, formats["text"])
    notes.set_column(0, 0, 120)
    notes.set_landscape()
    notes.set_paper(9)
    notes.fit_to_pages(1, 0)
    book.close()


def write_summaries(folder: Path, target: Path, warehouse: Path, workbooks: set[str]) -> None:
    """Every unit's summary into `folder` (the new rejections directory, whose manifest is
    already written): unchanged ones linked from `target` (the current one), the others
    written; their digests added to `folder`'s manifest."""
    previous = read_manifest(target)
    digests = {}
    for name, summary in summaries(warehouse, workbooks).items():
        digests[name] = summary.digest()
        if previous.get(name) == digests[name] and (target / name).is_file():
            link_unchanged(target / name, folder / name)
        else:
            write_summary(folder / name, summary)
    write_manifest(folder, {**read_manifest(folder), **digests})
