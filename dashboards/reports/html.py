"""The annual assessment as one printable HTML file: both languages side by side, A4
print stylesheet (the scorecard overview on landscape pages), no script, nothing
fetched. Hidden figures read `<5` or `—`, never a number."""

from __future__ import annotations

from datetime import datetime

from dashboards import labels as L
from dashboards.cells import COUNT, RATE, Cell, difference, ratio
from dashboards.labels import FONT_STACK, Text
from dashboards.page import esc
from dashboards.public import PublicFigures
from dashboards.reports.methods import methods
from dashboards.reports.scorecard import (
    MEASURE_BY_KEY,
    MEASURES,
    MENTOR_TITLE_MEASURES,
    TOPNOTCH_HORIZON,
    TREND_COLUMNS,
    Measure,
    Scorecard,
    Unit,
    km_curve,
    national_trends,
)

# The measures of the compact overview table (all units on one landscape page).
OVERVIEW_MEASURES = ("students", "students_total", "universities", "mentors", "completion_rate",
                     "alumni_coverage", "topnotch_rate", "girls_share", "schools")


def both(text: Text) -> str:
    if text.zh == text.en:
        return esc(text.zh)
    return f'{esc(text.zh)}<span class="en">{esc(text.en)}</span>'


def cell_markup(cell: Cell, measure: Measure, key: str, interval: bool = False) -> str:
    text = cell.text(measure.kind, "zh", interval=interval and measure.interval)
    css = "" if cell.shown else ' class="hidden"'
    title = ""
    if cell.hidden:
        title = f' title="{esc(L.WITHHELD.both())}"'
    elif not cell.shown:
        title = f' title="{esc(L.UNDEFINED_NOTE.both())}"'
    return f'<td data-cell="{esc(key)}"{css}{title}>{esc(text)}</td>'


def compared(cell: Cell, reference: Cell, kind: str) -> str:
    """How a figure stands against a reference: percentage points for rates, the
    difference for counts; empty unless both are shown."""
    gap = difference(cell, reference)
    if gap is None:
        return ""
    if kind == RATE:
        if abs(gap) < 0.0005:  # below what one decimal of a percentage shows
            return "= 0.0 pp"
        return f"{'▲' if gap > 0 else '▼'} {gap * 100:+.1f} pp"
    if gap == 0:
        return "= 0"
    return f"{'▲' if gap > 0 else '▼'} {gap:+,.0f}"


def share_of(cell: Cell, national: Cell) -> str:
    share = ratio(cell, national)
    return f"{share.value * 100:.1f}%" if share.shown else ""


def national_summary(scorecard: Scorecard, figures: PublicFigures) -> str:
    year = scorecard.year
    rows = []
    for measure in MEASURES:
        figures_ = scorecard.national.figures[measure.key]
        rows.append(
            f"<tr><th>{both(measure.label)}</th>"
            + cell_markup(figures_.current, measure, f"all|{measure.key}|current", interval=True)
            + cell_markup(figures_.previous, measure, f"all|{measure.key}|previous", interval=True)
            + f"<td>{esc(compared(figures_.current, figures_.previous, measure.kind))}</td></tr>"
        )
    head = (f"<tr><th>{both(Text('指标', 'Measure'))}</th><th>{year}</th><th>{year - 1}</th>"
            f"<th>{both(Text('变化', 'Change'))}</th></tr>")
    summary = f'<table class="data" id="national-measures"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'

    trend_head = f"<th>{both(L.UI['cohort_year'])}</th>" + "".join(f"<th>{both(label)}</th>" for _, label, *_ in TREND_COLUMNS)
    trend_rows = []
    for cohort, cells in national_trends(figures, year):
        trend_rows.append(
            f"<tr><th>{cohort}</th>" + "".join(
                f'<td data-cell="all|trend|{key}|{cohort}"{"" if cells[key].shown else " class=hidden"}>'
                f"{esc(cells[key].text(kind, 'zh', interval=interval))}</td>"
                for key, _, kind, _, interval in TREND_COLUMNS
            ) + "</tr>"
        )
    trends = f'<table class="data" id="national-trends"><thead><tr>{trend_head}</tr></thead><tbody>{"".join(trend_rows)}</tbody></table>'

    km = km_curve(figures)
    km_table = (
        '<table class="data" id="national-km"><thead><tr><th>h</th>'
        + "".join(f"<th>{h}</th>" for h, _ in km)
        + f"</tr></thead><tbody><tr><th>{both(Text('累计入选率', 'Cumulative incidence'))}</th>"
        + "".join(f"<td>{esc(c.text(RATE, 'zh'))}<br><small>{esc(_interval(c))}</small></td>" for _, c in km)
        + "</tr></tbody></table>"
    )
    return f"""
<section id="national">
<h2>{both(Text("一、全国概况", "1. National summary"))}</h2>
<p class="note">{both(Text(f"{year} 年与 {year - 1} 年的全国指标。", f"National figures of {year} and {year - 1}."))}</p>
{summary}
<h3>{both(Text("各届趋势", "Cohort trends"))}</h3>
{trends}
<h3>{both(Text("拔尖计划累计入选率（Kaplan–Meier，全部届次合并，h 为入选后年数）",
               "Top-Notch cumulative incidence (Kaplan–Meier, all cohorts pooled; h = years since selection)"))}</h3>
{km_table}
</section>"""


def _interval(cell: Cell) -> str:
    if not cell.has_interval:
        return ""
    return f"[{cell.ci_low * 100:.1f}%, {cell.ci_high * 100:.1f}%]"


def overview_table(scorecard: Scorecard) -> str:
    measures = [MEASURE_BY_KEY[k] for k in OVERVIEW_MEASURES]
    head = f"<th>{both(L.UI['unit'])}</th>" + "".join(f"<th>{both(m.label)}</th>" for m in measures)
    rows = []
    national = scorecard.national
    for unit in scorecard.all_units():
        cells = []
        for m in measures:
            current = unit.figures[m.key].current
            cells.append(cell_markup(current, m, f"{unit.code}|{m.key}|current"))
        css = ' class="national"' if unit is national else ""
        rows.append(f"<tr{css}><th>{both(unit.name)}</th>{''.join(cells)}</tr>")
    return f"""
<section id="scorecards" class="wide">
<h2>{both(Text(f"二、{scorecard.year} 年省级评估总表", f"2. Scorecard of the reporting units, {scorecard.year}"))}</h2>
<p class="note">{both(Text("每行一个省级单位，首行为全国。各指标的上年数值与比较见第三部分各单位评估卡。",
                           "One row per reporting unit, the nation first. Previous-year figures and comparisons are in the unit scorecards (part 3)."))}</p>
<table class="data compact" id="scorecard-overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
</section>"""


def unit_card(unit: Unit, national: Unit, year: int) -> str:
    rows = []
    for m in MEASURES:
        figures = unit.figures[m.key]
        nation = national.figures[m.key].current
        if m.kind == RATE:
            against = compared(figures.current, nation, RATE)
        else:
            share = share_of(figures.current, nation)
            against = f"{Text('占全国', 'of national').zh} {share}" if share and unit is not national else ""
        rows.append(
            f"<tr><th>{both(m.label)}</th>"
            + cell_markup(figures.current, m, f"{unit.code}|{m.key}|current", interval=True)
            + cell_markup(figures.previous, m, f"{unit.code}|{m.key}|previous", interval=True)
            + f"<td>{esc(compared(figures.current, figures.previous, m.kind))}</td>"
            + f'<td>{esc(nation.text(m.kind, "zh", interval=m.interval))}</td>'
            + f"<td>{esc(against)}</td></tr>"
        )
    titles = " · ".join(
        f"{esc(m.label.zh.removeprefix('导师：'))} {esc(unit.figures[m.key].current.text(COUNT, 'zh'))}"
        for m in MENTOR_TITLE_MEASURES
    )
    head = (f"<tr><th>{both(Text('指标', 'Measure'))}</th><th>{year}</th><th>{year - 1}</th>"
            f"<th>{both(Text('较上年', 'vs previous'))}</th><th>{both(Text(f'全国 {year}', f'National {year}'))}</th>"
            f"<th>{both(Text('与全国比较', 'vs national'))}</th></tr>")
    return f"""
<article class="card" id="unit-{esc(unit.code)}" data-unit="{esc(unit.code)}">
<h3>{both(unit.name)}</h3>
<table class="data"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>
<p class="titles">{esc(Text("导师职称构成", "Mentors by title").both())}: {titles}</p>
</article>"""


def methods_section(figures: PublicFigures) -> str:
    parts = []
    for heading, paragraphs in methods(figures.k, figures.small_label, figures.data_horizon(), TOPNOTCH_HORIZON):
        parts.append(f"<h3>{both(heading)}</h3>")
        parts += [f'<p>{esc(p.zh)}</p><p class="en">{esc(p.en)}</p>' for p in paragraphs]
    definitions = "".join(
        f"<tr><th>{both(m.label)}</th><td class='text'>{esc(m.definition.zh)}<span class='en'>{esc(m.definition.en)}</span></td></tr>"
        for m in MEASURES
    )
    legend = (
        f"<tr><th>{esc(figures.small_label)}</th><td class='text'>{both(L.small_count_note(figures.k))}</td></tr>"
        f"<tr><th>{esc(L.WITHHELD_MARK)}</th><td class='text'>{both(L.WITHHELD)}</td></tr>"
        f"<tr><th>{both(L.UNDEFINED)}</th><td class='text'>{both(L.UNDEFINED_NOTE)}</td></tr>"
    )
    return f"""
<section id="methods">
<h2>{both(Text("四、方法说明", "4. Methods"))}</h2>
<h3>{both(Text("指标定义", "Measures"))}</h3>
<table class="data definitions"><tbody>{definitions}</tbody></table>
{"".join(parts)}
<h3>{both(Text("表中标记", "Marks in the tables"))}</h3>
<table class="data definitions" id="marks"><tbody>{legend}</tbody></table>
</section>"""


def render_report(scorecard: Scorecard, figures: PublicFigures, generated_at: datetime) -> str:
    year = scorecard.year
    title = Text(f"英才计划 {year} 年度评估报告", f"Youth Talent Programme: annual assessment {year}")
    published = f"{figures.published_at:%Y-%m-%d %H:%M}" if figures.published_at else "—"
    missing_reach = Text(
        "参与高校、导师、覆盖中学及各单位女生占比所需的公开数据（public.annual_reach）尚未发布，相关栏目显示为“暂无”。",
        "The public figures for universities, mentors, schools and the units' share of girls "
        "(public.annual_reach) are not published yet; those columns read n/a.",
    )
    reach_note = "" if scorecard.reach_published else f'<p class="warning">{both(missing_reach)}</p>'
    horizon = figures.data_horizon()
    meta = Text(
        f"数据截至调查年份 {horizon}；公开数据发布于 {published}；小单元格阈值 k = {figures.k}；"
        f"报告生成于 {generated_at:%Y-%m-%d %H:%M}。",
        f"Data to survey year {horizon}; public figures published {published}; small-cell threshold "
        f"k = {figures.k}; report generated {generated_at:%Y-%m-%d %H:%M}.",
    )
    units_note = Text(
        "32个省级填报单位（含新疆生产建设兵团），每个单位与上年和全国比较。比率的比较以百分点（pp）表示。",
        "The 32 reporting units (XPCC included), each against its previous year and the nation. "
        "Rates compare in percentage points (pp).",
    )
    cards = "".join(unit_card(u, scorecard.national, year) for u in scorecard.units)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{esc(title.zh)} · {esc(title.en)}</title>
<style>{REPORT_STYLE}</style>
</head>
<body>
<header class="cover">
<p class="office">{both(L.UI["national_office"])}</p>
<h1>{esc(title.zh)}<span class="en">{esc(title.en)}</span></h1>
<p class="meta">{both(meta)}</p>
{reach_note}
</header>
<main>
{national_summary(scorecard, figures)}
{overview_table(scorecard)}
<section id="units">
<h2>{both(Text("三、各单位评估卡", "3. Unit scorecards"))}</h2>
<p class="note">{both(units_note)}</p>
{cards}
</section>
{methods_section(figures)}
</main>
<script>document.body.dataset.ready = 'true';</script>
</body>
</html>
"""


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
td.hidden { color: #7b8794; }
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
