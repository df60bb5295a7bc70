"""The annual assessment as a workbook for Excel and WPS: 全国概况 (national summary and
the path of each cohort), 省级评估表 (one row per reporting unit, the nation first), 分组情况
(by training university and mentor title), 指标说明 (definitions and methods).

Every sheet opens with the edition in its first cell; the internal edition's sheets also
carry 内部资料 in the printed header and footer. Shown figures are numbers (rates formatted
as percentages, so a reader can compute with them); hidden ones are the text `<5` or `*`,
a figure that does not exist `—` and the reason. Every text is written as text: a cell
beginning with =, +, - or @ can never become a formula (and carries Excel's quote prefix,
so editing it keeps it text).
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from dashboards import labels as L
from dashboards.cells import COUNT, RATE, Cell
from dashboards.labels import Text
from dashboards.public import PublicFigures
from dashboards.reports.methods import legend_rows, methods
from dashboards.reports.scorecard import (
    BREAKDOWN_COLUMNS,
    MENTOR_TITLE_MEASURES,
    PATH_COLUMNS,
    TOPNOTCH_HORIZON,
    TWO_TOPNOTCH_FIGURES,
    Scorecard,
    breakdown_name,
    breakdowns,
    km_curve,
    national_breakdown_row,
    national_path,
)
from pipelines.registry.editions import INTERNAL_MARK_EN, INTERNAL_MARK_ZH

SUMMARY_SHEET, SCORECARD_SHEET, BREAKDOWN_SHEET, METHODS_SHEET = "全国概况", "省级评估表", "分组情况", "指标说明"
SHEETS = (SUMMARY_SHEET, SCORECARD_SHEET, BREAKDOWN_SHEET, METHODS_SHEET)
FORMULA_PREFIXES = ("=", "+", "-", "@")
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                    "in_memory": True}
INTERNAL_MARK = f"{INTERNAL_MARK_ZH} · {INTERNAL_MARK_EN}"
EDITION_CELLS = {
    True: f"{INTERNAL_MARK}：含未经小单元格保护的数字，不得对外公开 (not for release)",
    False: "公开版 · Published edition：小数字已按规定隐藏 (small cells protected)",
}
# Scorecard rows: the edition (row 0), the header (HEADER_ROW), then one row per unit;
# columns: unit code, unit name, then per measure its figures (scorecard_columns).
HEADER_ROW = 1
CODE_COLUMN, NAME_COLUMN, FIRST_MEASURE_COLUMN = 0, 1, 2


def scorecard_columns(scorecard: Scorecard) -> list[tuple[str, str, str, Text]]:
    """(measure key, which figure: current/ci_low/ci_high/coverage/previous, kind, header) in
    sheet order."""
    year = scorecard.year
    columns = []
    for measure in (*scorecard.measures, *MENTOR_TITLE_MEASURES):
        label = measure.label
        # A cohort's figure (or a three-cohort one) says its cohorts in its label.
        if measure.offset is None and measure.previous:
            label = Text(f"{label.zh} {year}", f"{label.en} {year}")
        columns.append((measure.key, "current", measure.kind, label))
        if measure.interval:
            columns.append((measure.key, "ci_low", measure.kind, Text(f"{label.zh} 置信下限", "95% low")))
            columns.append((measure.key, "ci_high", measure.kind, Text(f"{label.zh} 置信上限", "95% high")))
        if measure.coverage:
            columns.append((measure.key, "coverage", RATE,
                            Text(f"{label.zh} 的跟踪覆盖（曾跟踪到）", "coverage (ever reached)")))
        if measure.previous:
            columns.append((measure.key, "previous", measure.kind, measure.previous_label(year)))
    return columns


def column_figure(figures, part: str) -> tuple[Cell | None, str]:
    """The cell a scorecard column shows, and which part of it."""
    if part in ("ci_low", "ci_high"):
        return figures.current, part
    return {"current": figures.current, "previous": figures.previous, "coverage": figures.coverage}[part], "value"


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
        self.edition = book.add_format({"bold": True, "font_color": "#9B1C1C"})

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
            why = cell.why("zh")
            self.string(sheet, row, column, f"{cell.text(kind, 'zh')} {why}" if why else cell.text(kind, "zh"),
                        self.hidden)


def _sheet(book, writer: _Writer, name: str, internal: bool):
    """A sheet with the edition in its first cell; the internal edition's marked in the
    printed header and footer too."""
    sheet = book.add_worksheet(name)
    writer.string(sheet, 0, 0, EDITION_CELLS[internal], writer.edition)
    if internal:
        sheet.set_header(f'&C&"-,Bold"{INTERNAL_MARK}')
        sheet.set_footer(f"&L{INTERNAL_MARK}&R&P / &N")
    return sheet


def _summary_sheet(book, writer: _Writer, scorecard: Scorecard, figures: PublicFigures) -> None:
    sheet = _sheet(book, writer, SUMMARY_SHEET, figures.internal)
    year = scorecard.year
    writer.string(sheet, 1, 0, f"英才计划 {year} 年度评估：全国概况", writer.title)
    writer.string(sheet, 2, 0, f"Youth Talent Programme annual assessment {year}: national summary")
    headers = ["指标 Measure", str(year), f"{year} 置信下限 95% low", f"{year} 置信上限 95% high",
               "跟踪覆盖 Coverage", str(year - 1)]
    for c, text in enumerate(headers):
        writer.string(sheet, 4, c, text, writer.header)
    row = 5
    for measure in (*scorecard.measures, *MENTOR_TITLE_MEASURES):
        figures_ = scorecard.national.figures[measure.key]
        writer.string(sheet, row, 0, measure.label.both())
        writer.figure(sheet, row, 1, figures_.current, measure.kind)
        if measure.interval:
            writer.figure(sheet, row, 2, figures_.current, measure.kind, "ci_low")
            writer.figure(sheet, row, 3, figures_.current, measure.kind, "ci_high")
        if figures_.coverage is not None:
            writer.figure(sheet, row, 4, figures_.coverage, RATE)
        if figures_.previous is not None:
            writer.figure(sheet, row, 5, figures_.previous, measure.kind)
        row += 1
    row += 1
    writer.string(sheet, row, 0, TWO_TOPNOTCH_FIGURES.zh, writer.wrap)
    writer.string(sheet, row, 1, TWO_TOPNOTCH_FIGURES.en)

    row += 2
    writer.string(sheet, row, 0, "各届培养路径 Path of each cohort", writer.bold)
    row += 1
    writer.string(sheet, row, 0, L.UI["cohort_year"].both(), writer.header)
    column = 1
    for path_column in PATH_COLUMNS:
        writer.string(sheet, row, column, path_column.label.both(), writer.header)
        if path_column.interval:
            writer.string(sheet, row, column + 1, f"{path_column.label.zh} 置信下限 95% low", writer.header)
            writer.string(sheet, row, column + 2, f"{path_column.label.zh} 置信上限 95% high", writer.header)
        column += 3 if path_column.interval else 1
    for cohort, cells in national_path(figures, year):
        row += 1
        sheet.write_number(row, 0, cohort)
        column = 1
        for path_column in PATH_COLUMNS:
            writer.figure(sheet, row, column, cells[path_column.key], path_column.kind)
            if path_column.interval:
                writer.figure(sheet, row, column + 1, cells[path_column.key], path_column.kind, "ci_low")
                writer.figure(sheet, row, column + 2, cells[path_column.key], path_column.kind, "ci_high")
            column += 3 if path_column.interval else 1

    row += 2
    writer.string(sheet, row, 0, "拔尖计划累计入选率（Kaplan–Meier 估计）Top-Notch cumulative incidence (estimate)", writer.bold)
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
    sheet.set_column(1, 40, 14)


def _scorecard_sheet(book, writer: _Writer, scorecard: Scorecard, internal: bool) -> None:
    sheet = _sheet(book, writer, SCORECARD_SHEET, internal)
    columns = scorecard_columns(scorecard)
    writer.string(sheet, HEADER_ROW, CODE_COLUMN, "单位代码 Code", writer.header)
    writer.string(sheet, HEADER_ROW, NAME_COLUMN, "单位 Unit", writer.header)
    for c, (_, _, _, header) in enumerate(columns, start=FIRST_MEASURE_COLUMN):
        writer.string(sheet, HEADER_ROW, c, header.both("\n"), writer.header)
    for r, unit in enumerate(scorecard.all_units(), start=HEADER_ROW + 1):
        writer.string(sheet, r, CODE_COLUMN, unit.code)
        writer.string(sheet, r, NAME_COLUMN, unit.name.zh, writer.bold if unit is scorecard.national else None)
        for c, (key, part, kind, _) in enumerate(columns, start=FIRST_MEASURE_COLUMN):
            cell, which = column_figure(unit.figures[key], part)
            writer.figure(sheet, r, c, cell, kind, which)
    sheet.freeze_panes(HEADER_ROW + 1, FIRST_MEASURE_COLUMN)
    sheet.set_row(HEADER_ROW, 60)
    sheet.set_column(CODE_COLUMN, CODE_COLUMN, 9)
    sheet.set_column(NAME_COLUMN, NAME_COLUMN, 24)
    sheet.set_column(FIRST_MEASURE_COLUMN, FIRST_MEASURE_COLUMN + len(columns), 13)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(scorecard.all_units()), FIRST_MEASURE_COLUMN + len(columns) - 1)


def _breakdown_sheet(book, writer: _Writer, figures: PublicFigures) -> None:
    sheet = _sheet(book, writer, BREAKDOWN_SHEET, figures.internal)
    writer.string(sheet, 1, 0, "按培养高校与导师职称（全部届次合并）By training university and mentor title (all cohorts)",
                  writer.bold)
    row = 2
    national = national_breakdown_row(figures)
    for group_type, name, groups in breakdowns(figures):
        row += 1
        writer.string(sheet, row, 0, name.both(), writer.header)
        column = 1
        for _, label, kind, _ in BREAKDOWN_COLUMNS:
            writer.string(sheet, row, column, label.both(), writer.header)
            if kind == RATE:
                writer.string(sheet, row, column + 1, "95% low", writer.header)
                writer.string(sheet, row, column + 2, "95% high", writer.header)
            column += 3 if kind == RATE else 1
        for value, cells in [(None, national), *groups]:
            row += 1
            writer.string(sheet, row, 0, L.NATIONAL.zh if value is None else breakdown_name(group_type, value).both())
            column = 1
            for key, _, kind, _ in BREAKDOWN_COLUMNS:
                writer.figure(sheet, row, column, cells[key], kind)
                if kind == RATE:
                    writer.figure(sheet, row, column + 1, cells[key], kind, "ci_low")
                    writer.figure(sheet, row, column + 2, cells[key], kind, "ci_high")
                column += 3 if kind == RATE else 1
        row += 1
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 30, 13)


def _methods_sheet(book, writer: _Writer, scorecard: Scorecard, figures: PublicFigures) -> None:
    sheet = _sheet(book, writer, METHODS_SHEET, figures.internal)
    writer.string(sheet, 1, 0, "指标 Measure", writer.header)
    writer.string(sheet, 1, 1, "定义", writer.header)
    writer.string(sheet, 1, 2, "Definition", writer.header)
    row = 2
    for measure in (*scorecard.measures, *MENTOR_TITLE_MEASURES):
        writer.string(sheet, row, 0, measure.label.both(), writer.wrap)
        writer.string(sheet, row, 1, measure.definition.zh, writer.wrap)
        writer.string(sheet, row, 2, measure.definition.en, writer.wrap)
        row += 1
    row += 1
    writer.string(sheet, row, 0, "表中标记 Marks", writer.bold)
    for mark, text in legend_rows(figures):
        row += 1
        writer.string(sheet, row, 0, mark)
        writer.string(sheet, row, 1, text.zh, writer.wrap)
        writer.string(sheet, row, 2, text.en, writer.wrap)
    row += 1
    for heading, paragraphs in methods(figures.k, figures.small_label, figures.data_horizon(), TOPNOTCH_HORIZON,
                                       figures.internal):
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
        "author": "英才计划全国管理办公室",
        "comments": EDITION_CELLS[figures.internal],
    })
    writer = _Writer(book)
    _summary_sheet(book, writer, scorecard, figures)
    _scorecard_sheet(book, writer, scorecard, figures.internal)
    _breakdown_sheet(book, writer, figures)
    _methods_sheet(book, writer, scorecard, figures)
    book.close()
    return path
