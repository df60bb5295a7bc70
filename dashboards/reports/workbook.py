"""The annual assessment as a workbook for Excel and WPS: 全国概况 (national summary),
省级评估表 (one row per reporting unit, the nation first), 指标说明 (definitions and
methods).

Shown figures are numbers (rates formatted as percentages, so a reader can compute with
them); hidden ones are the text `<5` or `—`, undefined ones 暂无. Every text is written
as text: a cell beginning with =, +, - or @ can never become a formula (and carries
Excel's quote prefix, so editing it keeps it text).
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from dashboards import labels as L
from dashboards.cells import COUNT, RATE, Cell
from dashboards.labels import Text
from dashboards.public import PublicFigures
from dashboards.reports.methods import methods
from dashboards.reports.scorecard import (
    MEASURES,
    MENTOR_TITLE_MEASURES,
    TOPNOTCH_HORIZON,
    TREND_COLUMNS,
    Scorecard,
    km_curve,
    national_trends,
)

SUMMARY_SHEET, SCORECARD_SHEET, METHODS_SHEET = "全国概况", "省级评估表", "指标说明"
FORMULA_PREFIXES = ("=", "+", "-", "@")
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                    "in_memory": True}
# Scorecard columns: unit code, unit name, then per measure (this year, last year), and
# for the Top-Notch rate its interval.
CODE_COLUMN, NAME_COLUMN, FIRST_MEASURE_COLUMN = 0, 1, 2


def scorecard_columns(year: int) -> list[tuple[str, str, str, Text]]:
    """(measure key, which figure: current/previous/ci_low/ci_high, kind, header) in sheet order."""
    columns = []
    for measure in (*MEASURES, *MENTOR_TITLE_MEASURES):
        columns.append((measure.key, "current", measure.kind, Text(f"{measure.label.zh} {year}", f"{measure.label.en} {year}")))
        if measure.interval:
            columns.append((measure.key, "ci_low", measure.kind, Text(f"{measure.label.zh} {year} 置信下限", "95% low")))
            columns.append((measure.key, "ci_high", measure.kind, Text(f"{measure.label.zh} {year} 置信上限", "95% high")))
        columns.append((measure.key, "previous", measure.kind,
                        Text(f"{measure.label.zh} {year - 1}", f"{measure.label.en} {year - 1}")))
    return columns


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook):
        self.percent = book.add_format({"num_format": "0.0%"})
        self.integer = book.add_format({"num_format": "#,##0"})
        self.decimal = book.add_format({"num_format": "0.0"})
        self.text = book.add_format({"text_wrap": False})
        self.quoted = book.add_format({"quote_prefix": True})
        self.hidden = book.add_format({"font_color": "#7B8794", "align": "right"})
        self.header = book.add_format({"bold": True, "bg_color": "#E6EEF7", "text_wrap": True, "valign": "top",
                                       "border": 1})
        self.bold = book.add_format({"bold": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def string(self, sheet, row: int, column: int, value: str, fmt=None) -> None:
        if value.startswith(FORMULA_PREFIXES):
            fmt = self.quoted
        sheet.write_string(row, column, value, fmt)

    def figure(self, sheet, row: int, column: int, cell: Cell, kind: str, part: str = "value") -> None:
        """A figure: its number when shown, else its mark as text."""
        if part in ("ci_low", "ci_high"):
            value = getattr(cell, part) if cell.has_interval else None
            if value is not None:
                sheet.write_number(row, column, value, self.percent)
            return
        if cell.shown:
            fmt = self.percent if kind == RATE else self.integer if kind == COUNT else self.decimal
            sheet.write_number(row, column, cell.value, fmt)
        else:
            self.string(sheet, row, column, cell.text(kind, "zh"), self.hidden)


def _summary_sheet(book, writer: _Writer, scorecard: Scorecard, figures: PublicFigures) -> None:
    sheet = book.add_worksheet(SUMMARY_SHEET)
    year = scorecard.year
    writer.string(sheet, 0, 0, f"英才计划 {year} 年度评估：全国概况", writer.title)
    writer.string(sheet, 1, 0, f"Youth Talent Programme annual assessment {year}: national summary")
    headers = ["指标 Measure", str(year), f"{year} 置信下限 95% low", f"{year} 置信上限 95% high", str(year - 1)]
    for c, text in enumerate(headers):
        writer.string(sheet, 3, c, text, writer.header)
    row = 4
    for measure in MEASURES:
        figures_ = scorecard.national.figures[measure.key]
        writer.string(sheet, row, 0, measure.label.both())
        writer.figure(sheet, row, 1, figures_.current, measure.kind)
        if measure.interval:
            writer.figure(sheet, row, 2, figures_.current, measure.kind, "ci_low")
            writer.figure(sheet, row, 3, figures_.current, measure.kind, "ci_high")
        writer.figure(sheet, row, 4, figures_.previous, measure.kind)
        row += 1
    for measure in MENTOR_TITLE_MEASURES:
        figures_ = scorecard.national.figures[measure.key]
        writer.string(sheet, row, 0, measure.label.both())
        writer.figure(sheet, row, 1, figures_.current, measure.kind)
        writer.figure(sheet, row, 4, figures_.previous, measure.kind)
        row += 1

    row += 1
    writer.string(sheet, row, 0, "各届趋势 Cohort trends", writer.bold)
    row += 1
    writer.string(sheet, row, 0, L.UI["cohort_year"].both(), writer.header)
    for c, (_, label, *_rest) in enumerate(TREND_COLUMNS, start=1):
        writer.string(sheet, row, c, label.both(), writer.header)
    for cohort, cells in national_trends(figures, year):
        row += 1
        sheet.write_number(row, 0, cohort)
        for c, (key, _, kind, _, _) in enumerate(TREND_COLUMNS, start=1):
            writer.figure(sheet, row, c, cells[key], kind)

    row += 2
    writer.string(sheet, row, 0, "拔尖计划累计入选率（Kaplan–Meier）Top-Notch cumulative incidence", writer.bold)
    row += 1
    for c, text in enumerate(["h", "F(h)", "95% low", "95% high"]):
        writer.string(sheet, row, c, text, writer.header)
    for h, cell in km_curve(figures):
        row += 1
        sheet.write_number(row, 0, h)
        writer.figure(sheet, row, 1, cell, RATE)
        writer.figure(sheet, row, 2, cell, RATE, "ci_low")
        writer.figure(sheet, row, 3, cell, RATE, "ci_high")
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 8, 14)


def _scorecard_sheet(book, writer: _Writer, scorecard: Scorecard) -> None:
    sheet = book.add_worksheet(SCORECARD_SHEET)
    columns = scorecard_columns(scorecard.year)
    writer.string(sheet, 0, CODE_COLUMN, "单位代码 Code", writer.header)
    writer.string(sheet, 0, NAME_COLUMN, "单位 Unit", writer.header)
    for c, (_, _, _, header) in enumerate(columns, start=FIRST_MEASURE_COLUMN):
        writer.string(sheet, 0, c, header.both("\n"), writer.header)
    for r, unit in enumerate(scorecard.all_units(), start=1):
        writer.string(sheet, r, CODE_COLUMN, unit.code)
        writer.string(sheet, r, NAME_COLUMN, unit.name.zh, writer.bold if r == 1 else None)
        for c, (key, part, kind, _) in enumerate(columns, start=FIRST_MEASURE_COLUMN):
            figures_ = unit.figures[key]
            if part == "previous":
                writer.figure(sheet, r, c, figures_.previous, kind)
            elif part == "current":
                writer.figure(sheet, r, c, figures_.current, kind)
            else:
                writer.figure(sheet, r, c, figures_.current, kind, part)
    sheet.freeze_panes(1, FIRST_MEASURE_COLUMN)
    sheet.set_row(0, 60)
    sheet.set_column(CODE_COLUMN, CODE_COLUMN, 9)
    sheet.set_column(NAME_COLUMN, NAME_COLUMN, 24)
    sheet.set_column(FIRST_MEASURE_COLUMN, FIRST_MEASURE_COLUMN + len(columns), 13)
    sheet.autofilter(0, 0, len(scorecard.all_units()), FIRST_MEASURE_COLUMN + len(columns) - 1)


def _methods_sheet(book, writer: _Writer, figures: PublicFigures) -> None:
    sheet = book.add_worksheet(METHODS_SHEET)
    writer.string(sheet, 0, 0, "指标 Measure", writer.header)
    writer.string(sheet, 0, 1, "定义", writer.header)
    writer.string(sheet, 0, 2, "Definition", writer.header)
    row = 1
    for measure in (*MEASURES, *MENTOR_TITLE_MEASURES):
        writer.string(sheet, row, 0, measure.label.both(), writer.wrap)
        writer.string(sheet, row, 1, measure.definition.zh, writer.wrap)
        writer.string(sheet, row, 2, measure.definition.en, writer.wrap)
        row += 1
    row += 1
    writer.string(sheet, row, 0, "表中标记 Marks", writer.bold)
    for mark, text in ((figures.small_label, L.small_count_note(figures.k)),
                       (L.WITHHELD_MARK, L.WITHHELD), (L.UNDEFINED.zh, L.UNDEFINED_NOTE)):
        row += 1
        writer.string(sheet, row, 0, mark)
        writer.string(sheet, row, 1, text.zh, writer.wrap)
        writer.string(sheet, row, 2, text.en, writer.wrap)
    row += 1
    for heading, paragraphs in methods(figures.k, figures.small_label, figures.data_horizon(), TOPNOTCH_HORIZON):
        row += 1
        writer.string(sheet, row, 0, heading.both(), writer.bold)
        for paragraph in paragraphs:
            row += 1
            writer.string(sheet, row, 1, paragraph.zh, writer.wrap)
            writer.string(sheet, row, 2, paragraph.en, writer.wrap)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 2, 70)


def write_workbook(path: Path, scorecard: Scorecard, figures: PublicFigures) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({
        "title": f"英才计划 {scorecard.year} 年度评估 Annual assessment {scorecard.year}",
        "author": "英才计划全国管理办公室", "comments": "Small-cell-suppressed public figures only.",
    })
    writer = _Writer(book)
    _summary_sheet(book, writer, scorecard, figures)
    _scorecard_sheet(book, writer, scorecard)
    _methods_sheet(book, writer, figures)
    book.close()
    return path
