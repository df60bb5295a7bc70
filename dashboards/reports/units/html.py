"""A unit pack as one printable HTML file, in Chinese (the reader is a provincial office).

Marked 单位反馈 · 仅供本单位使用 at the top of the screen and on every printed page: the
unit's own figures are shown as computed, small ones included, so the pack must not be
published as it is. Plotly draws the trends from one local copy of plotly.js shared by all
packs (`PLOTLY_FILE` in reports/units/, loaded as ../plotly.min.js); the page asks for
nothing else and nothing outside the output directory. A4 print stylesheet, at most 8
pages (a test prints one in Chromium).
"""

from __future__ import annotations

import json
from datetime import datetime

from dashboards import labels as L
import polars as pl

from dashboards.cells import ABOVE, BELOW, COUNT, RATE, Cell, against_reference
from dashboards.charts import NATIONAL_COLOUR, interval_band
from dashboards.labels import FONT_STACK, Text
from dashboards.page import esc
from dashboards.reports.html import against_national_markup, cell_markup, change_markup
from dashboards.reports.methods import methods
from dashboards.reports.units.deliveries import REDELIVERIES, UNIT_FILES, WARNINGS, UnitDeliveries
from dashboards.reports.scorecard import TOPNOTCH_HORIZON
from dashboards.reports.units.figures import Compared, PackContent, Position, Trend
from pipelines.registry.editions import UNDEFINED_MARK, WITHHELD_MARK

PLOTLY_FILE = "plotly.min.js"  # in reports/units/, beside the year folders
UNIT_COLOUR = "#0072B2"
CHART_WIDTH, CHART_HEIGHT = 345, 225


def unit_mark(name: str) -> Text:
    """The marking of every page and sheet of a pack."""
    return Text(f"单位反馈 · 仅供{name}使用 · 不得公开", f"Unit feedback · for {name} only · not for release")


# --- tables ---------------------------------------------------------------------------

def _strip(position: Position, own: float, national: Cell) -> str:
    """A dot strip: the other units' published figures (grey), the nation (a dark tick) and
    the unit (blue), on one scale."""
    values = [*position.others, own, *([national.value] if national.shown else [])]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    width, pad = 150, 6

    def x(v: float) -> float:
        return round(pad + (v - low) / span * (width - 2 * pad), 1)

    dots = "".join(f'<circle cx="{x(v)}" cy="9" r="2.6" fill="#9aa5b1" fill-opacity=".75"/>' for v in position.others)
    tick = (f'<line x1="{x(national.value)}" x2="{x(national.value)}" y1="2" y2="16" stroke="{NATIONAL_COLOUR}" '
            f'stroke-width="1.6"/>') if national.shown else ""
    return (f'<svg class="strip" width="{width}" height="18" viewBox="0 0 {width} 18" role="img" '
            f'aria-label="本单位在各单位中的位置">'
            f'<line x1="{pad}" x2="{width - pad}" y1="9" y2="9" stroke="#d9e2ec"/>{dots}{tick}'
            f'<circle cx="{x(own)}" cy="9" r="4.2" fill="{UNIT_COLOUR}" stroke="#fff" stroke-width="1"/></svg>')


def position_markup(row: Compared, key: str) -> str:
    position = row.position()
    if position is None:
        return '<td class="position"></td>'
    if position.compared == 1:
        return f'<td class="position" data-position="{esc(key)}"><small>其他单位均未公布此数字</small></td>'
    unpublished = f"<small>另有 {position.unpublished} 个单位未公布</small>" if position.unpublished else ""
    return (f'<td class="position" data-position="{esc(key)}" data-rank="{position.rank}" '
            f'data-compared="{position.compared}">{_strip(position, row.own.value, row.national)}'
            f'<span>第 {position.rank} / {position.compared} 位</span>{unpublished}</td>')


def compared_rows(rows: list[Compared], code: str, section: str, previous: bool = True) -> str:
    out = []
    for row in rows:
        key = f"{code}|{section}|{row.key}"
        coverage = (cell_markup(row.coverage, RATE, f"{key}|coverage") if row.coverage is not None
                    else "<td></td>")
        national_coverage = (f"<small>覆盖 {esc(row.national_coverage.text(RATE))}</small>"
                             if row.national_coverage is not None and row.national_coverage.shown else "")
        national = cell_markup(row.national, row.kind, f"{key}|national", row.interval, national_coverage)
        out.append(
            f'<tr data-row="{esc(row.key)}"><th>{esc(row.label.zh)}</th>'
            + cell_markup(row.own, row.kind, f"{key}|own", row.interval)
            + coverage + national
            + (against_national_markup(row.own, row.national, row.kind, f"{key}|national")
               if row.kind == RATE else "<td></td>")
            + position_markup(row, key)
            + ("" if not previous else
               cell_markup(row.previous, row.kind, f"{key}|previous", row.interval) + change_markup(
                   row.own, row.previous, row.kind, f"{key}|previous")
               if row.previous is not None else "<td></td><td></td>")
            + "</tr>"
        )
    return "".join(out)


def compared_table(rows: list[Compared], code: str, section: str, own_head: str,
                   previous_head: str | None = None) -> str:
    """The unit against the nation and the units (and its previous cohort, when
    `previous_head` names that column)."""
    previous = previous_head is not None and any(r.previous is not None for r in rows)
    head = (f"<tr><th>环节</th><th>{esc(own_head)}<small>按实际计算，95% 置信区间</small></th>"
            "<th>跟踪覆盖<small>曾跟踪到</small></th><th>全国<small>公开数字</small></th><th>与全国比较</th>"
            "<th>在各单位中的位置<small>由高到低</small></th>"
            + (f"<th>{esc(previous_head)}</th><th>较上届</th>" if previous else "") + "</tr>")
    return (f'<table class="data compared" id="{esc(section)}"><thead>{head}</thead>'
            f"<tbody>{compared_rows(rows, code, section, previous)}</tbody></table>")


def _nation_mark(own: Cell, nation: Cell, kind: str) -> str:
    """▲/▼ where the unit's rate lies wholly above or below the nation's (dashboards.cells)."""
    if kind != RATE:
        return ""
    direction = against_reference(own, nation)
    if direction == ABOVE:
        return ' <span class="mark above">▲</span>'
    if direction == BELOW:
        return ' <span class="mark below">▼</span>'
    return ""


def cohorts_table(content: PackContent) -> str:
    """The unit's figures of each cohort (the trends' numbers), the nation's beneath."""
    trends = content.trends
    head = "<tr><th>届次</th>" + "".join(f"<th>{esc(t.label.zh)}</th>" for t in trends) + "</tr>"
    rows = []
    for i, year in enumerate(trends[0].years):
        cells = []
        for t in trends:
            own, nation = t.own[i], t.national[i]
            beneath = f"<small>全国 {esc(nation.text(t.kind))}</small>" if nation.shown or nation.hidden else ""
            cells.append(cell_markup(own, t.kind, f"{content.unit.code}|cohorts|{t.key}|{year}",
                                     extra=_nation_mark(own, nation, t.kind) + beneath))
        rows.append(f"<tr><th>{year}</th>{''.join(cells)}</tr>")
    return (f'<table class="data compact" id="cohorts"><thead>{head}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def reach_table(content: PackContent) -> str:
    years = content.reach_years
    head = ("<tr><th>指标</th>" + "".join(f"<th>{y}</th>" for y in years)
            + f"<th>全国 {content.year}</th><th>与全国比较</th></tr>")
    rows = []
    for row in content.reach:
        key = f"{content.unit.code}|reach|{row.key}"
        cells = "".join(cell_markup(c, row.kind, f"{key}|{y}", row.interval) for y, c in zip(years, row.own, strict=True))
        own = row.own[-1] if years and years[-1] == content.year else Cell()
        compare = (against_national_markup(own, row.national, row.kind, f"{key}|national")
                   if row.kind == RATE else "<td></td>")
        css = ' class="sub"' if row.key.startswith("mentors_") else ""
        rows.append(f"<tr{css}><th>{esc(row.label.zh)}</th>{cells}"
                    f"{cell_markup(row.national, row.kind, f'{key}|national', row.interval)}{compare}</tr>")
    return f'<table class="data compact" id="reach-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


# --- deliveries -----------------------------------------------------------------------

def _count(n: int) -> str:
    return f"{n:,}"


def _source(code: str | None) -> str:
    return esc(L.SOURCES.get(code or "(unknown)", Text(code or "", code or "")).zh)


def deliveries_section(d: UnitDeliveries) -> str:
    parts = ['<p class="note">以下为本单位交付的文件与数据行的计数（行数，不是学生人数，因此不做小单元格保护），'
             "不含任何个人信息。逐行的退回原因与需要更正的内容见发给本单位的退回工作簿。</p>"]
    if d.has(UNIT_FILES):
        totals = d.totals()
        parts.append(
            f'<p class="totals" data-totals="{esc(json.dumps(totals))}">{d.year} 年涉及本单位的文件 '
            f"<b>{_count(totals['files'])}</b> 个（其中整份退回 {_count(totals['files_rejected'])} 个）；"
            f"读入 <b>{_count(totals['rows_read'])}</b> 行，接收 {_count(totals['rows_loaded'])} 行，"
            f"退回 <b>{_count(totals['rows_rejected'])}</b> 行，接收但有提示 {_count(totals['rows_warned'])} 行。</p>")
        if d.files.is_empty():
            parts.append(f'<p class="empty">{d.year} 年没有涉及本单位的交付文件。</p>')
        else:
            rows = []
            for f in d.files.sort(["source", "file_path"]).iter_rows(named=True):
                status = "已接收" if f["status"] == "loaded" else f"整份退回（{esc(L.reason(f['reason']).zh) if f['reason'] else '—'}）"
                version = "首次交付" if (f["version"] or 1) == 1 else f"第 {f['version']} 版（重新交付）"
                rows.append(
                    f"<tr><td class='text file'>{esc(f['file_path'])}</td><td class='text'>{_source(f['source'])}</td>"
                    f"<td class='text'>{version}</td><td class='text'>{status}</td>"
                    + "".join(f"<td>{_count(f[c] or 0)}</td>" for c in ("rows_read", "rows_loaded", "rows_rejected", "rows_warned"))
                    + "</tr>")
            parts.append(
                '<table class="data compact" id="files"><thead><tr><th>文件</th><th>数据来源</th><th>版本</th>'
                "<th>状态</th><th>读入行</th><th>接收行</th><th>退回行</th><th>有提示行</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")
    else:
        parts.append('<p class="empty">按单位的文件统计尚未提供（本次数据中没有这部分统计）；下列退回行按原因统计。</p>')

    parts.append("<h3>退回行（按原因）</h3>")
    parts.append(_reason_table("rejected", d.by_reason(d.rejected), d.rejected, f"{d.year} 年本单位没有被退回的数据行。"))
    parts.append("<h3>提示（已接收但值得核对的行，按原因）</h3>")
    if d.has(WARNINGS):
        parts.append(_reason_table("warnings", d.by_reason(d.warnings), d.warnings, f"{d.year} 年本单位没有带提示的数据行。"))
    else:
        parts.append('<p class="empty">提示尚未按单位统计（本次数据中没有这部分统计）。</p>')

    parts.append("<h3>与上次交付相比（重新交付的文件）</h3>")
    if not d.has(REDELIVERIES):
        parts.append('<p class="empty">重新交付的对比尚未提供（本次数据中没有这部分统计）。</p>')
    elif d.redeliveries.is_empty():
        parts.append(f'<p class="empty">{d.year} 年本单位没有重新交付（替换）过文件。</p>')
    else:
        rows = "".join(
            f'<tr data-reason="{esc(r)}"><td class="text">{esc(L.reason(r).zh)}<small>{esc(r)}</small></td>'
            f"<td>{_count(a)}</td><td>{_count(b)}</td><td>{_count(c)}</td></tr>"
            for r, a, b, c in d.redelivered_by_reason())
        files = "".join(
            f"<tr><td class='text file'>{esc(f['file_path'])}</td><td>第 {f['previous_version']} 版 → 第 {f['version']} 版</td>"
            f"<td class='text'>{esc(L.reason(f['reason']).zh)}</td><td>{_count(f['resolved'])}</td>"
            f"<td>{_count(f['still_open'])}</td><td>{_count(f['new'])}</td></tr>"
            for f in d.redeliveries.sort(["file_path", "reason"]).iter_rows(named=True))
        parts.append(
            '<p class="note">“已解决”：上一版被退回、新版已接收的行；“仍未解决”：两版都被退回的行；'
            "“新出现”：新版才出现的退回。</p>"
            '<table class="data compact" id="redeliveries"><thead><tr><th>原因</th><th>已解决</th><th>仍未解决</th>'
            f"<th>新出现</th></tr></thead><tbody>{rows}</tbody></table>"
            '<table class="data compact" id="redelivered-files"><thead><tr><th>文件</th><th>版本</th><th>原因</th>'
            f"<th>已解决</th><th>仍未解决</th><th>新出现</th></tr></thead><tbody>{files}</tbody></table>")
    return "".join(parts)


def _reason_table(ident: str, totals: list[tuple[str, int]], frame, empty: str) -> str:
    if not totals:
        return f'<p class="empty">{esc(empty)}</p>'
    by_source: dict[str, list[str]] = {}
    summed = frame.group_by(["reason", "source"]).agg(pl.col("rows").sum().alias("n"))
    for r in summed.sort(["reason", "n"], descending=[False, True]).iter_rows(named=True):
        by_source.setdefault(r["reason"], []).append(f"{_source(r['source'])} {_count(r['n'])}")
    rows = "".join(
        f'<tr data-reason="{esc(reason)}"><td class="text">{esc(L.reason(reason).zh)}<small>{esc(reason)}</small></td>'
        f"<td>{_count(n)}</td><td class='text'>{'，'.join(by_source.get(reason, []))}</td></tr>"
        for reason, n in totals)
    total = sum(n for _, n in totals)
    return (f'<table class="data compact" id="{ident}"><thead><tr><th>原因</th><th>行数</th><th>按数据来源</th></tr></thead>'
            f'<tbody>{rows}<tr class="total"><th>合计</th><td>{_count(total)}</td><td></td></tr></tbody></table>')


# --- charts ---------------------------------------------------------------------------

def _hover(cells: tuple[Cell, ...], kind: str) -> list[str]:
    return [c.label(kind, interval=True) if c.shown or c.hidden else f"{UNDEFINED_MARK} {esc(c.why())}" for c in cells]


def trend_figure(trend: Trend, name: str) -> dict:
    """One trend as plain Plotly JSON: the unit (blue) and the nation (grey), each with its
    95% interval band; hidden or undefined figures are gaps."""
    years = list(trend.years)
    traces: list[dict] = []
    layout = {
        "title": {"text": trend.label.zh, "x": 0.02, "font": {"size": 13}},
        "font": {"family": FONT_STACK, "size": 11, "color": "#1f2933"},
        "width": CHART_WIDTH, "height": CHART_HEIGHT,
        "margin": {"l": 46, "r": 10, "t": 34, "b": 46},
        "paper_bgcolor": "#fff", "plot_bgcolor": "#fff",
        "showlegend": True, "legend": {"orientation": "h", "y": -0.2, "x": 0, "font": {"size": 10}},
        "xaxis": {"tickmode": "array", "tickvals": years, "ticktext": [f"{y % 100:02d}" for y in years],
                  "title": {"text": "届次", "font": {"size": 10}, "standoff": 2}, "gridcolor": "#eef2f7",
                  "range": [years[0] - 0.5, years[-1] + 0.5] if years else None},
        "yaxis": {"gridcolor": "#eef2f7", "rangemode": "tozero", "zeroline": False},
        "hovermode": "x unified",
    }
    if trend.kind == COUNT:
        traces.append({"type": "bar", "x": years, "y": [c.number for c in trend.own], "name": name,
                       "marker": {"color": UNIT_COLOUR}, "text": _hover(trend.own, COUNT), "hoverinfo": "x+text",
                       "textposition": "none"})
        layout["yaxis"]["tickformat"] = ",d"
        return {"data": traces, "layout": layout}
    layout["yaxis"]["tickformat"] = ".0%"
    for cells, colour, label, dash in ((trend.national, NATIONAL_COLOUR, "全国", "dot"),
                                       (trend.own, UNIT_COLOUR, name, "solid")):
        traces += interval_band(years, list(cells), colour, label)
        traces.append({"type": "scatter", "mode": "lines+markers", "x": years, "y": [c.number for c in cells],
                       "name": label, "line": {"color": colour, "dash": dash, "width": 2},
                       "marker": {"size": 5, "color": colour}, "text": _hover(cells, RATE), "hoverinfo": "text+name",
                       "connectgaps": False})
    if not any(c.shown for c in trend.own):
        layout["annotations"] = [{"text": "本单位尚无该数字", "showarrow": False, "xref": "paper", "yref": "paper",
                                  "x": 0.5, "y": 0.5, "font": {"size": 12, "color": "#7b8794"}}]
    return {"data": traces, "layout": layout}


def _json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


# --- the page -------------------------------------------------------------------------

def _legend(content: PackContent) -> str:
    f = content.figures
    rows = [
        (f.small_label, f"其他单位的公开数字中，人数在 0 至 {f.k - 1} 之间（含 0）的单元格，不公布具体数字。"),
        (WITHHELD_MARK, "其他单位不公布的数字：按互补规则或为防止推算而隐藏（可能是较大的数）。"),
        (UNDEFINED_MARK, "该数字不存在（尚无数据或尚未到观察期），旁注原因。"),
        ("▲ ▼", "本单位比率的 95% 置信区间整体高于或低于全国（或与上届的区间不重叠）时才标出；其余只给差值，"
                "不标箭头，无论差值多大。"),
        ("●", "位置图：灰点为其他单位的公开数字，竖线为全国，蓝点为本单位；名次只在已公布该数字的单位中排列（由高到低）。"),
    ]
    return "".join(f"<tr><th>{esc(mark)}</th><td class='text'>{esc(text)}</td></tr>" for mark, text in rows)


KEPT_METHODS = ("Censoring and observation time", "Intervals", "What non-response means")


def methods_section(content: PackContent) -> str:
    f, name = content.figures, content.unit.name
    published = f"{f.published_at:%Y-%m-%d %H:%M}" if f.published_at else "—"
    paragraphs = [
        f"本报告是英才计划全国管理办公室发给{name}的单位反馈：本单位的数字按实际计算（依据本单位交付的记录，"
        "未做小单元格保护，附 95% 置信区间）；全国和其他各单位的数字为公开版（已按小单元格规则保护，"
        f"小单元格阈值 k = {f.k}，公开数据发布于 {published}），与仪表板和公开版年度评估报告一致。",
        f"因为本单位的小数字没有隐藏，本报告仅供{name}内部使用，不得原样公开、转发或引用其中本单位的小数字；"
        "需要对外使用时，请以公开版的数字为准。",
        "报告只含汇总数字，不含姓名、身份证号或任何个人记录。数字用于评估英才计划的组织实施，"
        "不用于对学生个人进行排名，也不与升学挂钩。",
        "学生按入选年份（最早一次被接收的学员名单年份）归入各届；单位、学科、性别取入选时的记录。"
        f"数据截至最近一次跟踪调查年份 H = {f.data_horizon() or '—'}；较早年份的数字会随补交的数据更新。",
    ]
    kept = [(h, ps) for h, ps in methods(f.k, f.small_label, f.data_horizon(), TOPNOTCH_HORIZON)
            if h.en in KEPT_METHODS]
    more = "".join(f"<h3>{esc(h.zh)}</h3>" + "".join(f"<p>{esc(p.zh)}</p>" for p in ps) for h, ps in kept)
    return (f'<section id="methods"><h2>五、说明</h2><h3>本报告的数字从哪里来</h3>'
            + "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
            + f'<h3>表中标记</h3><table class="data definitions" id="marks"><tbody>{_legend(content)}</tbody></table>'
            + more + "</section>")


def _highlights(content: PackContent, d: UnitDeliveries) -> str:
    by = {r.key: r for r in content.path}
    year = content.year
    items = []
    students = by["students"]
    if not content.has_students:
        items.append(f"{year} 年本单位没有入选学生：本届各项数字均不存在（“—”），趋势与交付质量照常给出。")
    else:
        items.append(f"{year} 届入选学生 <b>{esc(students.own.text(COUNT))}</b> 人（全国 {esc(students.national.text(COUNT))} 人）。")
    for key in ("completion_rate", "selection_rate"):
        row = by[key]
        if row.own.shown:
            items.append(f"{esc(row.label.zh)} <b>{esc(row.own.text(RATE))}</b>，全国 {esc(row.national.text(RATE))}"
                         + ("，<b>高于全国</b>" if row.against_national == 1 else "，<b>低于全国</b>"
                            if row.against_national == -1 else "，与全国无明显差异") + "。")
    marked = [r for r in (*content.path, *content.pooled) if r.against_national != 0]
    if marked:
        items.append("与全国有明显差异的比率：" + "；".join(
            f"{esc(r.label.zh)}{'▲' if r.against_national == 1 else '▼'}" for r in marked) + "。")
    rejected = sum(n for _, n in d.by_reason(d.rejected))
    items.append(f"{year} 年本单位被退回的数据行 <b>{_count(rejected)}</b> 行" + (
        "，主要原因：" + "、".join(esc(L.reason(r).zh.split("（")[0]) for r, _ in d.by_reason(d.rejected)[:3])
        if rejected else "") + "。")
    return f'<section id="highlights"><h2>要点</h2><ul>{"".join(f"<li>{i}</li>" for i in items)}</ul></section>'


def render_pack(content: PackContent, deliveries: UnitDeliveries, generated_at: datetime) -> str:
    f, unit, year = content.figures, content.unit, content.year
    code = unit.code
    mark = unit_mark(unit.name)
    title = f"英才计划 {year} 年度单位反馈报告"
    horizon = f.data_horizon()
    charts = {f"trend-{t.key}": trend_figure(t, unit.short_name) for t in content.trends}
    chart_divs = "".join(f'<div class="plot" id="{esc(k)}" style="width:{CHART_WIDTH}px;height:{CHART_HEIGHT}px"></div>'
                         for k in charts)
    style = PACK_STYLE.replace("MARK", f"{mark.zh}").replace("FONT", FONT_STACK)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>{esc(title)}：{esc(unit.name)}</title>
<style>{style}</style>
<script src="../{PLOTLY_FILE}"></script>
</head>
<body data-unit="{esc(code)}" data-year="{year}" data-edition="{esc(f.edition)}">
<div class="unit-mark" role="note">{esc(mark.zh)}<span>本报告中本单位的数字按实际计算、未做小单元格保护，仅供本单位使用，不得原样公开或转发。</span></div>
<header class="cover">
<p class="office">{esc(L.UI["national_office"].zh)}</p>
<h1>{esc(title)}<span class="unit">{esc(unit.name)}（{esc(code)}）</span></h1>
<p class="meta">本单位数字：按实际计算，附 95% 置信区间；全国与其他单位：公开数字（小单元格阈值 k = {f.k}）。数据截至调查年份 {horizon or "—"}；报告生成于 {generated_at:%Y-%m-%d %H:%M}。</p>
</header>
<main>
{_highlights(content, deliveries)}
<section id="path-section">
<h2>一、{year} 届培养路径：申请 → 入选 → 培养 → 结业 → 跟踪 → 大学 → 拔尖计划</h2>
<p class="note">每一环节：本单位 {year} 届的数字及其 95% 置信区间；来自跟踪调查的数字旁给出跟踪覆盖（该届曾跟踪到的比例），即这些数字所能看到的学生比例；“—”表示该数字尚不存在，旁注原因；较早届次的跟踪、升学与拔尖计划数字见第二部分。比率的差值以百分点（pp）表示。</p>
{compared_table(content.path, code, "path", f"本单位 {year} 届", f"本单位 {year - 1} 届")}
<h3>稀有结果：近三届合并与全部届次</h3>
<p class="note">拔尖计划、强基计划和研究生在读人数少，单届数字的区间很宽；以下为最近三个可观察届次合并的比率，以及合并全部届次的 Kaplan–Meier 累计入选率（估计）。固定期限入选率把未回答调查者计为未入选，是下限。</p>
{compared_table(content.pooled, code, "pooled", "本单位")}
</section>
<section id="trends">
<h2>二、各届趋势（本单位与全国）</h2>
<p class="note">蓝色为本单位（按实际计算），灰色虚线为全国（公开数字）；阴影为 95% 置信区间。未公布或尚不存在的数字在图中为空缺。</p>
<div class="charts">{chart_divs}</div>
<h3>各届数字（下行小字为全国）</h3>
{cohorts_table(content)}
</section>
<section id="reach">
<h2>三、覆盖面：学生、中学、高校、导师与跟踪调查</h2>
<p class="note">最近 {len(content.reach_years)} 年本单位的数字，及 {year} 年的全国数字。校友跟踪覆盖率 = {year} 年以前各届本单位校友中回答了当年跟踪调查的比例。</p>
{reach_table(content)}
</section>
<section id="deliveries">
<h2>四、{year} 年数据交付质量</h2>
{deliveries_section(deliveries)}
</section>
{methods_section(content)}
</main>
<script type="application/json" id="pack-figures">{_json(charts)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


SCRIPT = r"""
(function () {
  const ready = () => { document.body.dataset.ready = 'true'; };
  if (typeof Plotly === 'undefined') {
    console.error('plotly.js not found beside the packs (reports/units/plotly.min.js)');
    ready();
    return;
  }
  const figures = JSON.parse(document.getElementById('pack-figures').textContent);
  const config = {displayModeBar: false, responsive: false};
  Promise.all(Object.keys(figures).map((id) =>
    Plotly.newPlot(document.getElementById(id), figures[id].data, figures[id].layout, config)
  )).then(ready, (error) => { console.error(error); ready(); });
})();
"""

PACK_STYLE = """
:root { --ink:#1f2933; --muted:#52606d; --line:#cbd2d9; --accent:#0b3d6e; --mark:#8a4b08; }
* { box-sizing: border-box; }
html { font-family: FONT; color: var(--ink); font-size: 10pt; line-height: 1.45; }
body { margin: 0 auto; max-width: 1000px; padding: 0 1.5rem 1.5rem; }
.unit-mark { position: sticky; top: 0; z-index: 2; background: var(--mark); color: #fff; font-weight: 700;
  letter-spacing: .12em; text-align: center; padding: .35rem; margin: 0 -1.5rem 1rem; font-size: 1.05rem; }
.unit-mark span { display: block; font-weight: normal; letter-spacing: 0; font-size: .8rem; }
h1 { font-size: 1.7rem; margin: .2rem 0; color: var(--accent); }
h1 .unit { display: block; font-size: 1.25rem; color: var(--ink); }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--accent); padding-bottom: .15rem; margin: 1.4rem 0 .5rem; color: var(--accent); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.office, .meta, .note, .empty { color: var(--muted); }
.note { font-size: .9em; margin: .2rem 0 .4rem; }
#highlights ul { margin: .2rem 0; padding-left: 1.2rem; }
table.data { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
table.data th, table.data td { border: 1px solid var(--line); padding: .15rem .35rem; text-align: right; vertical-align: top; }
table.data th { text-align: left; background: #f0f4f8; font-weight: 600; }
table.data thead th { text-align: center; font-size: .92em; }
table.data thead th small { display: block; font-weight: normal; color: var(--muted); }
table.data td.text { text-align: left; }
table.data td.file { word-break: break-all; }
table.data tr.sub th { font-weight: normal; padding-left: 1.2rem; }
table.data tr.total th, table.data tr.total td { font-weight: 700; }
table.compact { font-size: .86em; }
td.small, td.withheld, td.undefined { color: #7b8794; }
td small { display: block; font-size: .8em; color: var(--muted); white-space: nowrap; }
td small.why { white-space: normal; }
td.position { text-align: left; white-space: nowrap; }
td.against, td.change { white-space: nowrap; }
td.position svg { display: block; }
td.position span { font-size: .85em; }
.mark { font-weight: 700; white-space: nowrap; }
.mark.above { color: #1d6b3a; }
.mark.below { color: #9b1c1c; }
.charts { display: grid; grid-template-columns: repeat(2, 345px); gap: .4rem 1rem; justify-content: center; }
.plot { border: 1px solid #e4e7eb; }
.definitions th { width: 3.5rem; text-align: center; }
#methods p { margin: .25rem 0; }
@page { size: A4; margin: 14mm 11mm 13mm;
  @top-center { content: "MARK"; color: #8a4b08; font-weight: 700; font-family: FONT; font-size: 9pt; }
  @bottom-left { content: "MARK"; color: #8a4b08; font-family: FONT; font-size: 7.5pt; }
  @bottom-right { content: counter(page) " / " counter(pages); font-family: FONT; font-size: 7.5pt; } }
@media print {
  html { font-size: 8.6pt; }
  body { max-width: none; padding: 0; }
  .unit-mark { position: static; margin: 0 0 .5rem; }
  #trends, #deliveries, #methods { break-before: page; }
  thead { display: table-header-group; }
  tr, .plot { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .charts { grid-template-columns: repeat(2, 345px); }
}
"""
