"""A unit pack as a workbook for Excel and WPS, with the figures of the HTML pack in sheets:
说明 (what the pack is, the marks, the methods), 培养路径 (cohort Y's path and the
three-cohort rates against the nation, with the unit's position), 单位比较 (the figure of
every unit: the unit's own as computed, the others' as published), 各届趋势, 覆盖面 and
交付质量.

Every sheet opens with the pack's marking in its first cell and carries it in the printed
header and footer (单位反馈 · 仅供…使用 · 不得公开); frozen headers, column widths,
A4 landscape fitted to the page width, header rows repeated on every printed page. Shown
figures are numbers, hidden ones `<5` or `*`, a figure that does not exist `—` and why
(dashboards.reports.workbook's writer).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from dashboards import labels as L
from dashboards.cells import ABOVE, BELOW, RATE, Cell, against_reference
from dashboards.reports.units.deliveries import REDELIVERIES, UNIT_FILES, WARNINGS, UnitDeliveries
from dashboards.reports.units.figures import Compared, PackContent
from dashboards.reports.units.html import unit_mark
from dashboards.reports.workbook import WORKBOOK_OPTIONS, _Writer
from pipelines.contract.provinces import PROVINCES

GUIDE_SHEET, PATH_SHEET, UNITS_SHEET, TRENDS_SHEET, REACH_SHEET, DELIVERIES_SHEET = (
    "说明", "培养路径", "单位比较", "各届趋势", "覆盖面", "交付质量")
SHEETS = (GUIDE_SHEET, PATH_SHEET, UNITS_SHEET, TRENDS_SHEET, REACH_SHEET, DELIVERIES_SHEET)
HEADER_ROW = 2  # row 0: the marking; row 1: the sheet's title
DIRECTION = {ABOVE: "▲ 高于", BELOW: "▼ 低于"}


class _Sheets:
    def __init__(self, book: xlsxwriter.Workbook, content: PackContent):
        self.book, self.content = book, content
        self.w = _Writer(book)
        self.mark = unit_mark(content.unit.name).zh
        self.plain = book.add_format({})

    def sheet(self, name: str, title: str, landscape: bool = True):
        sheet = self.book.add_worksheet(name)
        self.w.string(sheet, 0, 0, f"{self.mark}：本单位数字按实际计算，未做小单元格保护", self.w.edition)
        self.w.string(sheet, 1, 0, title, self.w.title)
        sheet.set_header(f'&C&"-,Bold"{self.mark}')
        sheet.set_footer(f"&L{self.mark}&R&P / &N")
        sheet.set_paper(9)  # A4
        if landscape:
            sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        return sheet

    def header(self, sheet, row: int, headers: list[str]) -> None:
        for c, text in enumerate(headers):
            self.w.string(sheet, row, c, text, self.w.header)

    def finish(self, sheet, header_row: int, widths: list[float]) -> None:
        sheet.freeze_panes(header_row + 1, 1)
        sheet.repeat_rows(header_row)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)

    def figure_with_interval(self, sheet, row: int, column: int, cell: Cell, kind: str, interval: bool) -> None:
        self.w.figure(sheet, row, column, cell, kind)
        if interval:
            self.w.figure(sheet, row, column + 1, cell, kind, "ci_low")
            self.w.figure(sheet, row, column + 2, cell, kind, "ci_high")


def _direction(direction: int, what: str) -> str:
    return f"{DIRECTION[direction]}{what}" if direction in DIRECTION else ""


def _guide(s: _Sheets, generated_at: datetime) -> None:
    c = s.content
    f = c.figures
    sheet = s.sheet(GUIDE_SHEET, f"英才计划 {c.year} 年度单位反馈报告：{c.unit.name}（{c.unit.code}）", landscape=False)
    published = f"{f.published_at:%Y-%m-%d %H:%M}" if f.published_at else "—"
    lines = [
        f"本工作簿是英才计划全国管理办公室发给{c.unit.name}的单位反馈，与同名 HTML 报告的数字相同。",
        "本单位的数字按实际计算（依据本单位交付的记录，未做小单元格保护，附 95% 置信区间）；"
        f"全国和其他各单位的数字为公开版（小单元格阈值 k = {f.k}，公开数据发布于 {published}）。",
        f"本单位的小数字没有隐藏：本工作簿仅供{c.unit.name}内部使用，不得原样公开或转发。",
        "只含汇总数字，不含姓名、身份证号或任何个人记录。",
        f"数据截至调查年份 {f.data_horizon() or '—'}；生成于 {generated_at:%Y-%m-%d %H:%M}。",
        "",
        "表中标记：",
        f"{f.small_label}：其他单位的公开数字中，人数在 0 至 {f.k - 1} 之间（含 0），不公布具体数字。",
        "*：其他单位不公布的数字（按互补规则或为防止推算而隐藏，可能是较大的数）。",
        "—：该数字不存在（尚无数据或尚未到观察期），旁注原因。",
        "▲ 高于 / ▼ 低于：本单位比率的 95% 置信区间整体高于或低于全国（或与上届的区间不重叠）时才标出。",
        "名次：本单位数字在已公布该数字的单位中的名次（由高到低），未公布的单位不参与排名。",
        "",
        "各工作表：培养路径（本届各环节与全国比较）；单位比较（各单位的同一数字）；各届趋势；覆盖面；交付质量。",
    ]
    for r, line in enumerate(lines, start=3):
        s.w.string(sheet, r, 0, line, s.w.wrap if line else None)
    sheet.set_column(0, 0, 110)


PATH_HEADERS = ["环节", "本单位（按实际计算）", "95% 下限", "95% 上限", "跟踪覆盖（曾跟踪到）", "全国（公开）",
                "全国 95% 下限", "全国 95% 上限", "与全国比较", "名次（由高到低）", "有公布数字的单位数",
                "未公布的单位数", "本单位上届（上年）", "较上届"]


def _compared_rows(s: _Sheets, sheet, row: int, rows: list[Compared]) -> int:
    for r in rows:
        s.w.string(sheet, row, 0, r.label.zh)
        s.figure_with_interval(sheet, row, 1, r.own, r.kind, r.interval)
        if r.coverage is not None:
            s.w.figure(sheet, row, 4, r.coverage, RATE)
        s.figure_with_interval(sheet, row, 5, r.national, r.kind, r.interval)
        s.w.string(sheet, row, 8, _direction(r.against_national, "全国"))
        position = r.position()
        if position is not None:
            sheet.write_number(row, 9, position.rank)
            sheet.write_number(row, 10, position.compared)
            sheet.write_number(row, 11, position.unpublished)
        if r.previous is not None:
            s.w.figure(sheet, row, 12, r.previous, r.kind)
            s.w.string(sheet, row, 13, _direction(r.against_previous, "上届"))
        row += 1
    return row


def _path(s: _Sheets) -> None:
    c = s.content
    sheet = s.sheet(PATH_SHEET, f"{c.year} 届培养路径：本单位与全国")
    s.header(sheet, HEADER_ROW, PATH_HEADERS)
    row = _compared_rows(s, sheet, HEADER_ROW + 1, c.path)
    row += 1
    s.w.string(sheet, row, 0, "稀有结果：近三届合并与全部届次", s.w.bold)
    _compared_rows(s, sheet, row + 1, c.pooled)
    s.finish(sheet, HEADER_ROW, [34, 14, 10, 10, 14, 13, 10, 10, 11, 11, 11, 11, 14, 10])


def _units(s: _Sheets) -> None:
    """Every unit's figure of each stage: the unit's own as computed, the others' published."""
    c = s.content
    f = c.figures
    rows = [*c.path, *c.pooled]
    sheet = s.sheet(UNITS_SHEET, f"各单位的同一数字（{c.year} 届；本单位按实际计算，其他单位为公开数字）")
    s.header(sheet, HEADER_ROW, ["单位代码", "单位", *(r.label.zh for r in rows)])
    s.w.string(sheet, HEADER_ROW + 1, 0, "all")
    s.w.string(sheet, HEADER_ROW + 1, 1, L.NATIONAL.zh, s.w.bold)
    for col, r in enumerate(rows, start=2):
        s.w.figure(sheet, HEADER_ROW + 1, col, r.national, r.kind)
    for i, unit in enumerate(PROVINCES, start=HEADER_ROW + 2):
        own = unit.code == f.unit
        s.w.string(sheet, i, 0, unit.code, s.w.bold if own else None)
        s.w.string(sheet, i, 1, f"{unit.short_name}（本单位，按实际计算）" if own else unit.short_name,
                   s.w.bold if own else None)
        for col, r in enumerate(rows, start=2):
            cell = r.own if own else dict(r.others)[unit.code]
            s.w.figure(sheet, i, col, cell, r.kind)
    sheet.set_row(HEADER_ROW, 48)
    s.finish(sheet, HEADER_ROW, [9, 26, *([13] * len(rows))])
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + 1 + len(PROVINCES), 1 + len(rows))


def _trends(s: _Sheets) -> None:
    c = s.content
    sheet = s.sheet(TRENDS_SHEET, "各届趋势：本单位（按实际计算）与全国（公开数字）")
    headers = ["届次"]
    for t in c.trends:
        if t.kind == RATE:
            headers += [f"{t.label.zh} 本单位", "95% 下限", "95% 上限", f"{t.label.zh} 全国", "全国 95% 下限",
                        "全国 95% 上限", "与全国比较"]
        else:
            headers += [f"{t.label.zh} 本单位", f"{t.label.zh} 全国"]
    s.header(sheet, HEADER_ROW, headers)
    for i, year in enumerate(c.trends[0].years if c.trends else ()):
        row = HEADER_ROW + 1 + i
        sheet.write_number(row, 0, year)
        col = 1
        for t in c.trends:
            rate = t.kind == RATE
            s.figure_with_interval(sheet, row, col, t.own[i], t.kind, rate)
            col += 3 if rate else 1
            s.figure_with_interval(sheet, row, col, t.national[i], t.kind, rate)
            col += 3 if rate else 1
            if rate:
                s.w.string(sheet, row, col, _direction(against_reference(t.own[i], t.national[i]), "全国"))
                col += 1
    sheet.set_row(HEADER_ROW, 45)
    s.finish(sheet, HEADER_ROW, [8, *([11] * (len(headers) - 1))])


def _reach(s: _Sheets) -> None:
    c = s.content
    sheet = s.sheet(REACH_SHEET, "覆盖面：学生、中学、高校、导师与跟踪调查（本单位按实际计算）")
    headers = ["指标", *(f"本单位 {y}" for y in c.reach_years), f"全国 {c.year}"]
    s.header(sheet, HEADER_ROW, headers)
    for i, r in enumerate(c.reach, start=HEADER_ROW + 1):
        s.w.string(sheet, i, 0, r.label.zh)
        for j, cell in enumerate(r.own, start=1):
            s.w.figure(sheet, i, j, cell, r.kind)
        s.w.figure(sheet, i, len(c.reach_years) + 1, r.national, r.kind)
    s.finish(sheet, HEADER_ROW, [30, *([13] * (len(headers) - 1))])


def _deliveries(s: _Sheets, d: UnitDeliveries) -> None:
    sheet = s.sheet(DELIVERIES_SHEET, f"{d.year} 年数据交付质量（交付的行数，不是学生人数，不做小单元格保护）")
    headers = ["项目", "数据来源 / 原因", "版本", "状态", "读入行", "接收行", "退回行", "有提示行"]
    s.header(sheet, HEADER_ROW, headers)
    row = HEADER_ROW + 1

    def line(*values) -> None:
        nonlocal row
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(row, col, value, s.w.integer)
            elif value:
                s.w.string(sheet, row, col, str(value))
        row += 1

    if d.has(UNIT_FILES):
        t = d.totals()
        line("合计", f"文件 {t['files']} 个（整份退回 {t['files_rejected']} 个）", "", "", t["rows_read"],
             t["rows_loaded"], t["rows_rejected"], t["rows_warned"])
        for f in d.files.sort(["source", "file_path"]).iter_rows(named=True):
            status = "已接收" if f["status"] == "loaded" else f"整份退回：{L.reason(f['reason']).zh if f['reason'] else '—'}"
            line(f["file_path"], L.SOURCES.get(f["source"] or "(unknown)", L.SOURCES["(unknown)"]).zh,
                 int(f["version"] or 1), status, *(int(f[k] or 0) for k in ("rows_read", "rows_loaded", "rows_rejected", "rows_warned")))
    else:
        line("按单位的文件统计尚未提供")
    row += 1
    s.w.string(sheet, row, 0, "退回行（按原因）", s.w.bold)
    row += 1
    for reason, n in d.by_reason(d.rejected) or [("", 0)]:
        if reason:
            line("退回行", f"{L.reason(reason).zh}（{reason}）", "", "", "", "", n)
        else:
            line("退回行", "无")
    row += 1
    s.w.string(sheet, row, 0, "提示（已接收但值得核对的行，按原因）", s.w.bold)
    row += 1
    if not d.has(WARNINGS):
        line("提示尚未按单位统计")
    for reason, n in d.by_reason(d.warnings):
        line("提示", f"{L.reason(reason).zh}（{reason}）", "", "", "", "", "", n)
    row += 1
    s.w.string(sheet, row, 0, "与上次交付相比（重新交付的文件）：已解决 / 仍未解决 / 新出现", s.w.bold)
    row += 1
    if not d.has(REDELIVERIES):
        line("重新交付的对比尚未提供")
    elif d.redeliveries.is_empty():
        line("本年度没有重新交付的文件")
    else:
        s.header(sheet, row, ["文件", "原因", "版本", "上一版本", "已解决", "仍未解决", "新出现"])
        row += 1
        for f in d.redeliveries.sort(["file_path", "reason"]).iter_rows(named=True):
            line(f["file_path"], f"{L.reason(f['reason']).zh}（{f['reason']}）", int(f["version"]),
                 int(f["previous_version"]), int(f["resolved"]), int(f["still_open"]), int(f["new"]))
    s.finish(sheet, HEADER_ROW, [46, 40, 9, 22, 11, 11, 11, 11])


def write_pack_workbook(path: Path, content: PackContent, deliveries: UnitDeliveries,
                        generated_at: datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    mark = unit_mark(content.unit.name).zh
    book.set_properties({
        "title": f"英才计划 {content.year} 年度单位反馈报告：{content.unit.name}",
        "author": "英才计划全国管理办公室",
        "comments": mark,
    })
    sheets = _Sheets(book, content)
    _guide(sheets, generated_at)
    _path(sheets)
    _units(sheets)
    _trends(sheets)
    _reach(sheets)
    _deliveries(sheets, deliveries)
    book.close()
    return path

