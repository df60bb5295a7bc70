"""The annual assessment as one printable HTML file: both languages side by side, A4
print stylesheet (the scorecard overview on landscape pages), no script beyond a ready
flag, nothing fetched. The internal edition is marked 内部资料 at the top of the page and
on every printed page; hidden figures of the published edition read `<5` or `*`, never a
number; a figure that does not exist reads `—` with the reason in words."""

from __future__ import annotations

from datetime import datetime

from dashboards import labels as L
from dashboards.cells import (
    ABOVE,
    BELOW,
    COUNT,
    RATE,
    Cell,
    against_previous,
    against_reference,
    difference,
    format_number,
)
from dashboards.labels import FONT_STACK, Text
from dashboards.page import esc
from dashboards.public import PublicFigures
from dashboards.reports.methods import legend_rows, methods
from dashboards.reports.scorecard import (
    BREAKDOWN_COLUMNS,
    ESTIMATE,
    MENTOR_TITLE_MEASURES,
    PATH_COLUMNS,
    TOPNOTCH_HORIZON,
    TWO_TOPNOTCH_FIGURES,
    Measure,
    Scorecard,
    Unit,
    breakdown_name,
    breakdowns,
    km_curve,
    national_breakdown_row,
    national_path,
)
from pipelines.registry.editions import INTERNAL_MARK_EN, INTERNAL_MARK_ZH

# The measures of the compact overview table (all units on one landscape page).
OVERVIEW_MEASURES = ("students", "girls_share", "schools", "universities", "mentors", "completion_rate",
                     "survey_response_rate", "topnotch_rate", "topnotch_rate_3")
INTERNAL_MARK = Text(INTERNAL_MARK_ZH, INTERNAL_MARK_EN)
ABOVE_NATIONAL, BELOW_NATIONAL = Text("高于全国", "above national"), Text("低于全国", "below national")


def both(text: Text) -> str:
    if text.zh == text.en:
        return esc(text.zh)
    return f'{esc(text.zh)}<span class="en">{esc(text.en)}</span>'


def cell_markup(cell: Cell, kind: str, key: str, interval: bool = False, extra: str = "") -> str:
    """A figure in a table cell: the number (with its interval), its mark, or `—` with
    why the figure does not exist."""
    text = esc(cell.text(kind, "zh"))
    if interval and cell.has_interval:
        text += (f'<small class="ci">[{esc(format_number(cell.ci_low, kind))}, '
                 f'{esc(format_number(cell.ci_high, kind))}]</small>')
    why = cell.why("zh")
    if why:
        text += f'<small class="why">{esc(why)}</small>'
    css = "" if cell.shown else f' class="{esc(cell.state)}"'
    title = f' title="{esc(L.WITHHELD.both())}"' if cell.hidden else ""
    return f'<td data-cell="{esc(key)}" data-state="{esc(cell.state)}"{css}{title}>{text}{extra}</td>'


def _gap(cell: Cell, reference: Cell, kind: str) -> str:
    """The plain difference (percentage points for rates), empty unless both are shown."""
    gap = difference(cell, reference)
    if gap is None:
        return ""
    if kind == RATE:
        return f"{gap * 100:+.1f} pp"
    return f"{gap:+,.0f}" if kind == COUNT else f"{gap:+,.1f}"


def _mark(direction: int, words: tuple[Text, Text] | None = None) -> str:
    """▲ or ▼ where the comparison rule finds a difference (dashboards.cells), else nothing."""
    if direction not in (ABOVE, BELOW):
        return ""
    arrow, css = ("▲", "above") if direction == ABOVE else ("▼", "below")
    label = f" {esc((words[0] if direction == ABOVE else words[1]).zh)}" if words else ""
    return f'<span class="mark {css}">{arrow}{label}</span> '


def change_markup(current: Cell, previous: Cell | None, kind: str, key: str = "") -> str:
    """The change from the previous year: ▲/▼ only where the two intervals do not overlap."""
    if previous is None:
        return "<td></td>"
    return (f'<td class="change" data-compared="{esc(key)}">{_mark(against_previous(current, previous))}'
            f'{esc(_gap(current, previous, kind))}</td>')


def against_national_markup(cell: Cell, national: Cell, kind: str, key: str = "") -> str:
    """The unit against the nation: ▲/▼ only where its interval lies wholly above or below."""
    direction = against_reference(cell, national)
    return (f'<td class="against" data-compared="{esc(key)}">{_mark(direction, (ABOVE_NATIONAL, BELOW_NATIONAL))}'
            f'{esc(_gap(cell, national, kind))}</td>')


def coverage_markup(figure: Cell | None, key: str) -> str:
    if figure is None:
        return "<td></td>"
    return cell_markup(figure, RATE, key)


def unit_card(unit: Unit, national: Unit, scorecard: Scorecard) -> str:
    """The scorecard of one unit (or the nation): this year, its coverage, last year and
    the change, the nation and how the unit stands against it."""
    year, is_nation = scorecard.year, unit is national
    rows = []
    for m in scorecard.measures:
        figures = unit.figures[m.key]
        nation = national.figures[m.key].current
        interval = m.interval
        cells = (
            cell_markup(figures.current, m.kind, f"{unit.code}|{m.key}|current", interval)
            + coverage_markup(figures.coverage, f"{unit.code}|{m.key}|coverage")
            + (cell_markup(figures.previous, m.kind, f"{unit.code}|{m.key}|previous", interval)
               if figures.previous is not None else "<td></td>")
            + change_markup(figures.current, figures.previous, m.kind, f"{unit.code}|{m.key}|previous")
        )
        if not is_nation:
            cells += (cell_markup(nation, m.kind, f"{unit.code}|{m.key}|national", interval)
                      + (against_national_markup(figures.current, nation, m.kind, f"{unit.code}|{m.key}|national")
                         if m.kind == RATE else "<td></td>"))
        rows.append(f"<tr><th>{both(m.label)}</th>{cells}</tr>")
    titles = " · ".join(
        f"{esc(m.label.zh.removeprefix('导师：'))} {esc(unit.figures[m.key].current.text(COUNT, 'zh'))}"
        for m in MENTOR_TITLE_MEASURES
    )
    head = (f"<tr><th>{both(Text('指标', 'Measure'))}</th><th>{year}</th>"
            f"<th>{both(Text('跟踪覆盖（曾跟踪到）', 'Coverage (ever reached)'))}</th><th>{year - 1}</th>"
            f"<th>{both(Text('较上年', 'vs previous'))}</th>")
    if not is_nation:
        head += (f"<th>{both(Text(f'全国 {year}', f'National {year}'))}</th>"
                 f"<th>{both(Text('与全国比较', 'vs national'))}</th>")
    return f"""
<article class="card" id="unit-{esc(unit.code)}" data-unit="{esc(unit.code)}">
<h3>{both(unit.name)}</h3>
<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
<p class="titles">{esc(Text("导师职称构成", "Mentors by title").both())}: {titles}</p>
</article>"""


def _interval(cell: Cell) -> str:
    if not cell.has_interval:
        return ""
    return f"[{cell.ci_low * 100:.1f}%, {cell.ci_high * 100:.1f}%]"


def national_summary(scorecard: Scorecard, figures: PublicFigures) -> str:
    year = scorecard.year
    path_head = f"<th>{both(L.UI['cohort_year'])}</th>" + "".join(f"<th>{both(c.label)}</th>" for c in PATH_COLUMNS)
    path_rows = []
    for cohort, cells in national_path(figures, year):
        path_rows.append(f"<tr><th>{cohort}</th>" + "".join(
            cell_markup(cells[c.key], c.kind, f"all|path|{c.key}|{cohort}", c.interval) for c in PATH_COLUMNS
        ) + "</tr>")
    km = km_curve(figures)
    km_table = (
        '<table class="data" id="national-km"><thead><tr><th>h</th>'
        + "".join(f"<th>{h}</th>" for h, _ in km)
        + f"</tr></thead><tbody><tr><th>{both(Text(f'累计入选率（{ESTIMATE.zh}）', f'Cumulative incidence ({ESTIMATE.en})'))}</th>"
        + "".join(cell_markup(c, RATE, f"all|km|{h}", True) for h, c in km)
        + "</tr></tbody></table>"
    )
    return f"""
<section id="national">
<h2>{both(Text("一、全国概况", "1. National summary"))}</h2>
<p class="note">{both(Text(f"{year} 年与 {year - 1} 年的全国指标，按一届学生的培养路径排列。",
                           f"National figures of {year} and {year - 1}, along the path of a cohort."))}</p>
{unit_card(scorecard.national, scorecard.national, scorecard)}
<p class="note">{both(TWO_TOPNOTCH_FIGURES)}</p>
<h3>{both(Text("各届培养路径：申请 → 入选 → 培养 → 结业 → 跟踪 → 大学 → 拔尖计划 → 研究生",
               "Path of each cohort: applied → selected → trained → completed → reached → university → Top-Notch → graduate study"))}</h3>
<p class="note">{both(Text("调查类指标（强基计划、基础学科专业、拔尖计划、研究生在读）只能看到曾跟踪到的学生，其覆盖见“曾跟踪到”一栏。",
                           "Survey-based figures (强基计划, basic-discipline majors, Top-Notch, graduate study) see only the students ever reached; their coverage is the “ever reached” column."))}</p>
<table class="data compact" id="national-path"><thead><tr>{path_head}</tr></thead><tbody>{"".join(path_rows)}</tbody></table>
<h3>{both(Text(f"拔尖计划累计入选率（Kaplan–Meier {ESTIMATE.zh}，全部届次合并，h 为入选后年数）",
               f"Top-Notch cumulative incidence (Kaplan–Meier {ESTIMATE.en}, all cohorts pooled; h = years since selection)"))}</h3>
{km_table}
</section>"""


def overview_table(scorecard: Scorecard) -> str:
    keys = [m.key for m in scorecard.measures]
    shown = [scorecard.measure(k) for k in OVERVIEW_MEASURES if k in keys]
    head = f"<th>{both(L.UI['unit'])}</th>" + "".join(f"<th>{both(m.label)}</th>" for m in shown)
    rows = []
    national = scorecard.national
    for unit in scorecard.all_units():
        cells = []
        for m in shown:
            current = unit.figures[m.key].current
            mark = "" if unit is national or m.kind != RATE else _mark(
                against_reference(current, national.figures[m.key].current))
            cells.append(cell_markup(current, m.kind, f"{unit.code}|{m.key}|overview", extra=mark))
        css = ' class="national"' if unit is national else ""
        rows.append(f"<tr{css}><th>{both(unit.name)}</th>{''.join(cells)}</tr>")
    return f"""
<section id="scorecards" class="wide">
<h2>{both(Text(f"二、{scorecard.year} 年省级评估总表", f"2. Scorecard of the reporting units, {scorecard.year}"))}</h2>
<p class="note">{both(Text("每行一个省级单位，首行为全国；▲▼ 只标在置信区间整体高于或低于全国的比率上。上年数值与比较见第三部分各单位评估卡。",
                           "One row per reporting unit, the nation first; ▲▼ only where a rate's interval lies wholly above or below the nation's. Previous-year figures and comparisons are in the unit scorecards (part 3)."))}</p>
<table class="data compact" id="scorecard-overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
</section>"""


def breakdowns_section(figures: PublicFigures) -> str:
    national = national_breakdown_row(figures)
    head = f"<th>{both(Text('分组', 'Group'))}</th>" + "".join(f"<th>{both(label)}</th>" for _, label, _, _ in BREAKDOWN_COLUMNS)
    tables = []
    for group_type, name, groups in breakdowns(figures):
        rows = [f'<tr class="national"><th>{both(L.NATIONAL)}</th>' + "".join(
            cell_markup(national[key], kind, f"all|{group_type}|{key}", kind == RATE)
            for key, _, kind, _ in BREAKDOWN_COLUMNS) + "</tr>"]
        for value, cells in groups:
            rows.append(f"<tr><th>{both(breakdown_name(group_type, value))}</th>" + "".join(
                cell_markup(cells[key], kind, f"{value}|{group_type}|{key}", kind == RATE,
                            extra=_mark(against_reference(cells[key], national[key])) if kind == RATE else "")
                for key, _, kind, _ in BREAKDOWN_COLUMNS) + "</tr>")
        tables.append(f'<h3>{both(name)}</h3><table class="data compact" id="breakdown-{esc(group_type)}">'
                      f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return f"""
<section id="breakdowns">
<h2>{both(Text("四、按培养高校与导师职称", "4. By training university and mentor title"))}</h2>
<p class="note">{both(Text("全部届次合并。▲▼ 只标在置信区间整体高于或低于全国的比率上。",
                           "All cohorts pooled. ▲▼ only where a rate's interval lies wholly above or below the nation's."))}</p>
{"".join(tables)}
</section>"""


def methods_section(scorecard: Scorecard, figures: PublicFigures) -> str:
    parts = []
    for heading, paragraphs in methods(figures.k, figures.small_label, figures.data_horizon(), TOPNOTCH_HORIZON,
                                       figures.internal):
        parts.append(f"<h3>{both(heading)}</h3>")
        parts += [f'<p>{esc(p.zh)}</p><p class="en">{esc(p.en)}</p>' for p in paragraphs]
    definitions = "".join(
        f"<tr><th>{both(m.label)}</th><td class='text'>{esc(m.definition.zh)}<span class='en'>{esc(m.definition.en)}</span></td></tr>"
        for m in scorecard.measures
    )
    legend = "".join(f"<tr><th>{esc(mark)}</th><td class='text'>{both(text)}</td></tr>"
                     for mark, text in legend_rows(figures))
    return f"""
<section id="methods">
<h2>{both(Text("五、方法说明", "5. Methods"))}</h2>
<h3>{both(Text("指标定义", "Measures"))}</h3>
<table class="data definitions"><tbody>{definitions}</tbody></table>
{"".join(parts)}
<h3>{both(Text("表中标记", "Marks in the tables"))}</h3>
<table class="data definitions" id="marks"><tbody>{legend}</tbody></table>
</section>"""


def render_report(scorecard: Scorecard, figures: PublicFigures, generated_at: datetime) -> str:
    year = scorecard.year
    internal = figures.internal
    edition = Text("内部版", "internal edition") if internal else Text("公开版", "published edition")
    title = Text(f"英才计划 {year} 年度评估报告（{edition.zh}）", f"Youth Talent Programme: annual assessment {year} ({edition.en})")
    published = f"{figures.published_at:%Y-%m-%d %H:%M}" if figures.published_at else "—"
    horizon = figures.data_horizon()
    meta = Text(
        f"数据截至调查年份 {horizon}；" + ("未做小单元格保护，附 95% 置信区间" if internal else
                                   f"公开数据发布于 {published}，小单元格阈值 k = {figures.k}")
        + f"；报告生成于 {generated_at:%Y-%m-%d %H:%M}。",
        f"Data to survey year {horizon}; " + ("no small-cell suppression, with 95% intervals" if internal else
                                             f"public figures published {published}, small-cell threshold k = {figures.k}")
        + f"; report generated {generated_at:%Y-%m-%d %H:%M}.",
    )
    units_note = Text(
        "32个省级填报单位（含新疆生产建设兵团），每个单位与上年和全国比较。比率的差值以百分点（pp）表示。",
        "The 32 reporting units (XPCC included), each against its previous year and the nation. "
        "Rate differences are in percentage points (pp).",
    )
    cards = "".join(unit_card(u, scorecard.national, scorecard) for u in scorecard.units)
    mark = (f'<div class="internal-mark" role="note">{esc(INTERNAL_MARK.zh)} · {esc(INTERNAL_MARK.en)}'
            f'<span>{esc("本报告含未经小单元格保护的数字，不得对外公开")}</span></div>') if internal else ""
    style = REPORT_STYLE + (INTERNAL_STYLE if internal else "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{esc(title.zh)} · {esc(title.en)}</title>
<style>{style}</style>
</head>
<body data-edition="{esc(figures.edition)}">
{mark}
<header class="cover">
<p class="office">{both(L.UI["national_office"])}</p>
<h1>{esc(title.zh)}<span class="en">{esc(title.en)}</span></h1>
<p class="meta">{both(meta)}</p>
</header>
<main>
{national_summary(scorecard, figures)}
{overview_table(scorecard)}
<section id="units">
<h2>{both(Text("三、各单位评估卡", "3. Unit scorecards"))}</h2>
<p class="note">{both(units_note)}</p>
<p class="note">{both(TWO_TOPNOTCH_FIGURES)}</p>
{cards}
</section>
{breakdowns_section(figures)}
{methods_section(scorecard, figures)}
</main>
<script>document.body.dataset.ready = 'true';</script>
</body>
</html>
"""


# Printed on every page of the internal edition (CSS page-margin boxes), and a banner at
# the top of the screen.
INTERNAL_STYLE = """
.internal-mark { position: sticky; top: 0; z-index: 2; background: #9b1c1c; color: #fff; font-weight: 700;
  letter-spacing: .2em; text-align: center; padding: .35rem; margin: -1.5rem -1.5rem 1rem; font-size: 1.05rem; }
.internal-mark span { display: block; font-weight: normal; letter-spacing: 0; font-size: .8rem; }
@page { @top-center { content: "MARK"; color: #9b1c1c; font-weight: 700; font-family: FONT; font-size: 10pt; }
        @bottom-center { content: "MARK"; color: #9b1c1c; font-family: FONT; font-size: 8pt; } }
@page landscape { @top-center { content: "MARK"; color: #9b1c1c; font-weight: 700; font-family: FONT; font-size: 10pt; }
                  @bottom-center { content: "MARK"; color: #9b1c1c; font-family: FONT; font-size: 8pt; } }
@media print { .internal-mark { position: static; margin: 0 0 .6rem; } }
""".replace("MARK", f"{INTERNAL_MARK_ZH} · {INTERNAL_MARK_EN}").replace("FONT", FONT_STACK)


REPORT_STYLE = """
:root { --ink:#1f2933; --muted:#52606d; --line:#cbd2d9; --accent:#0b3d6e; }
* { box-sizing: border-box; }
html { font-family: FONT; color: var(--ink); font-size: 10.5pt; line-height: 1.5; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; }
.en { display:block; color: var(--muted); font-size: .86em; font-weight: normal; }
h1 { font-size: 1.9rem; margin: .3rem 0; color: var(--accent); }
h1 .en { font-size: 1.05rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2rem; color: var(--accent); }
h2 .en, h3 .en { display:inline; margin-left:.6rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.office, .meta, .note { color: var(--muted); }
.warning { border-left: 4px solid #a15c07; padding: .3rem .6rem; background: #fff8eb; }
table.data { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
table.data th, table.data td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: right; vertical-align: top; }
table.data th { text-align: left; background: #f0f4f8; font-weight: 600; }
table.data th .en { display:block; }
table.data thead th { text-align: center; }
table.data td.text { text-align: left; }
table.data tr.national th, table.data tr.national td { background: #e6eef7; font-weight: 700; }
table.compact { font-size: .85em; }
td.small, td.withheld, td.undefined { color: #7b8794; }
td small { display: block; font-size: .78em; color: var(--muted); white-space: nowrap; }
td small.why { white-space: normal; }
.mark { font-weight: 700; white-space: nowrap; }
.mark.above { color: #1d6b3a; }
.mark.below { color: #9b1c1c; }
.card { border: 1px solid var(--line); border-radius: 4px; padding: .2rem .8rem .4rem; margin: .8rem 0; break-inside: avoid; }
.card h3 { margin: .5rem 0 .2rem; color: var(--accent); }
.card .titles { font-size: .9em; color: var(--muted); margin: 0 0 .4rem; }
.definitions th { width: 22%; }
#methods p { max-width: 60rem; margin: .3rem 0; }
#methods p.en { display:block; margin-bottom: .8rem; }
@page { size: A4; margin: 14mm 12mm; }
@page landscape { size: A4 landscape; margin: 12mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  section { break-before: page; }
  section#national { break-before: auto; }
  section.wide { page: landscape; }
  thead { display: table-header-group; }
  tr, .card { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
""".replace("FONT", FONT_STACK)
