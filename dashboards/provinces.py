"""The reporting units against the national figure: a tile-grid map of the 32 units with a
metric selector, a sortable table, and each unit's trends beside the nation's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from dashboards import labels as L
from dashboards.cells import (
    ABOVE,
    BELOW,
    COUNT,
    HOURS,
    NOT_DIFFERENT,
    RATE,
    Cell,
    against_reference,
)
from dashboards.charts import HIDDEN_TILE, NATIONAL_COLOUR, PALETTE, UNDEFINED_TILE, in_both_languages, interval_band
from dashboards.labels import PAGES, UI, Text
from dashboards.page import Page, base_layout, esc, figure_json, t
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PublicFigures
from dashboards.table_cells import cell_markup, mark_markup, reason_of
from dashboards.tile_grid import COLUMNS, ROWS, TILE_ABBREVIATIONS, TILES
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON, THREE_COHORTS

H = SUMMARY_TOPNOTCH_HORIZON


@dataclass(frozen=True)
class Measure:
    key: str
    label: Text
    kind: str
    cell: Callable[[PublicFigures, str, str], Cell]  # (figures, group_type, group_value)
    compared: bool = True  # a rate with an interval, compared with the nation (cells.against_reference)
    # The follow-up coverage of the same group and cohorts, for a figure from the survey.
    coverage: Callable[[PublicFigures, str, str], Cell] | None = None
    metric: str | None = None  # for the reason of an undefined figure


def all_cohorts_coverage(f: PublicFigures, group_type: str, group_value: str) -> Cell:
    return f.cell("ever_reached", None, group_type, group_value)


def cohorts_coverage(cohorts: list[int]) -> Callable[[PublicFigures, str, str], Cell]:
    """ever_reached over `cohorts` (PublicFigures.reached_over)."""
    return lambda f, group_type, group_value: f.reached_over(cohorts, group_type, group_value)


def rare_measure(figures: PublicFigures, key: str, metric: str, label: Text, horizon: int | None = None) -> Measure:
    """A rare outcome on the map: over the last three cohorts (近三届合并, the cohorts
    named) where that row exists, so that fewer units are withheld; else all cohorts."""
    cohorts = figures.three_cohort_years(metric, horizon)
    if not cohorts:
        return Measure(key, Text(f"{label.zh}（各届合计）", f"{label.en} (all cohorts)"), RATE,
                       lambda f, g, v: f.cell(metric, None, g, v, horizon),
                       coverage=all_cohorts_coverage, metric=metric)
    latest, span = cohorts[-1], f"{cohorts[0]}–{cohorts[-1]}"
    return Measure(
        key, Text(f"{label.zh}（{PAGES['three_cohorts'].zh}：{span}届）", f"{label.en} ({PAGES['three_cohorts'].en}: {span})"),
        RATE, lambda f, g, v: f.cell(metric, latest, g, v, horizon, cohorts_pooled=THREE_COHORTS),
        coverage=cohorts_coverage(cohorts), metric=metric,
    )


def measures(figures: PublicFigures) -> list[Measure]:
    latest = figures.cohort_years()[-1] if figures.cohort_years() else None
    lower, estimate = PAGES["lower_bound"], PAGES["km_estimate"]
    return [
        Measure("completion_rate", Text("结业率（各届合计）", "Completion rate (all cohorts)"), RATE,
                lambda f, g, v: f.cell("completion_rate", None, g, v), metric="completion_rate"),
        Measure("excellence_rate", Text("优秀率（各届合计）", "Excellence rate (all cohorts)"), RATE,
                lambda f, g, v: f.cell("excellence_rate", None, g, v), metric="excellence_rate"),
        Measure("ever_reached", Text(f"{L.METRIC['ever_reached'].zh}（各届合计）", f"{L.METRIC['ever_reached'].en} (all cohorts)"),
                RATE, lambda f, g, v: f.cell("ever_reached", None, g, v), metric="ever_reached"),
        rare_measure(figures, f"topnotch_rate_{H}", "topnotch_rate",
                     Text(f"{H}年拔尖计划入选率（{lower.zh}）", f"{H}-year Top-Notch rate ({lower.en})"), H),
        Measure(f"topnotch_km_{H}", Text(f"{H}年累计入选率（{estimate.zh}，全部届次）",
                                         f"{H}-year cumulative incidence ({estimate.en}, all cohorts)"), RATE,
                lambda f, g, v: f.cell("topnotch_km", None, g, v, H), coverage=all_cohorts_coverage, metric="topnotch_km"),
        rare_measure(figures, "qiangji_rate", "qiangji_rate", L.METRIC["qiangji_rate"]),
        Measure("basic_major_rate", Text(f"{L.METRIC['basic_major_rate'].zh}（各届合计）", f"{L.METRIC['basic_major_rate'].en} (all cohorts)"),
                RATE, lambda f, g, v: f.cell("basic_major_rate", None, g, v), coverage=all_cohorts_coverage,
                metric="basic_major_rate"),
        rare_measure(figures, "graduate_rate", "graduate_rate", L.METRIC["graduate_rate"]),
        Measure("training_hours_median", Text("培养学时中位数（各届合计）", "Median training hours (all cohorts)"), HOURS,
                lambda f, g, v: f.cell("training_hours_median", None, g, v), compared=False, metric="training_hours_median"),
        Measure("cohort_size", Text("累计入选学生", "Students selected (all cohorts)"), COUNT,
                lambda f, g, v: f.cell("cohort_size", None, g, v), compared=False, metric="cohort_size"),
        Measure("cohort_size_latest", Text(f"{latest}年入选学生", f"Students selected in {latest}"), COUNT,
                lambda f, g, v: f.cell("cohort_size", latest, g, v), compared=False, metric="cohort_size"),
    ]


def national(measure: Measure, figures: PublicFigures) -> Cell:
    return measure.cell(figures, NATIONAL_TYPE, NATIONAL_VALUE)


def comparison(measure: Measure, figures: PublicFigures, cell: Cell) -> int:
    """Above or below the nation only where the unit's interval lies wholly on one side."""
    return against_reference(cell, national(measure, figures)) if measure.compared else NOT_DIFFERENT


# --- the tile map ----------------------------------------------------------------------

# Tiles of a compared measure: the three outcomes of the comparison rule, and the two
# kinds of figure not given. Blue and vermilion (Okabe–Ito) tell apart with colour-blindness.
COMPARISON_TILES = {
    ABOVE: ("#0072B2", "#ffffff", PAGES["above"]),
    BELOW: ("#D55E00", "#ffffff", PAGES["below"]),
    NOT_DIFFERENT: ("#f3efe3", "#1f2933", PAGES["not_different"]),
}
TILE_KEYS = (
    (*COMPARISON_TILES[ABOVE][::2], "▲"), (*COMPARISON_TILES[BELOW][::2], "▼"),
    (*COMPARISON_TILES[NOT_DIFFERENT][::2], ""),
    (HIDDEN_TILE, Text("不公布（<5 或 *）", "withheld (<5 or *)"), ""),
    (UNDEFINED_TILE, Text("未定义（—）", "not defined (—)"), ""),
)


def _blues(value: float, low: float, high: float) -> tuple[str, str]:
    """(fill, text colour) of a count or hours: shades of blue, no better or worse."""
    position = 0.15 + 0.85 * ((value - low) / (high - low) if high > low else 0.5)
    fill = sample_colorscale("Blues", [min(max(position, 0), 1)])[0]
    return fill, "#ffffff" if position > 0.65 else "#1f2933"


def tile_map(figures: PublicFigures, measure: Measure, lang: str) -> go.Figure:
    """Each unit a square where it lies in China. A compared rate: blue where the unit's
    interval lies wholly above the national figure, vermilion wholly below, pale where it
    includes it; withheld units grey with their mark, never drawn as 0."""
    cells = {code: measure.cell(figures, "province", code) for code in PROVINCE_CODES}
    nation = national(measure, figures)
    values = [c.value for c in cells.values() if c.shown]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    figure = go.Figure()
    xs, ys, hover, shapes, notes = [], [], [], [], []
    for code, (row, column) in TILES.items():
        cell = cells[code]
        direction = comparison(measure, figures, cell)
        if not cell.shown:
            fill, ink = (HIDDEN_TILE if cell.hidden else UNDEFINED_TILE), "#1f2933"
        elif measure.compared:
            fill, ink, _ = COMPARISON_TILES[direction]
        else:
            fill, ink = _blues(cell.value, low, high)
        shapes.append({"type": "rect", "x0": column - 0.46, "x1": column + 0.46, "y0": row - 0.46,
                       "y1": row + 0.46, "fillcolor": fill,
                       "line": {"width": 1, "color": "#9aa5b1" if fill == UNDEFINED_TILE else "#ffffff"},
                       "layer": "below"})
        label = L.province(code)(lang) if lang == "zh" else TILE_ABBREVIATIONS[code]
        arrow = {ABOVE: " ▲", BELOW: " ▼"}.get(direction, "")
        notes.append({"x": column, "y": row, "showarrow": False, "font": {"size": 11, "color": ink},
                      "text": f"<b>{esc(label)}</b><br>{cell.label(measure.kind, lang)}{arrow}"})
        xs.append(column)
        ys.append(row)
        lines = [L.province(code, full=True)(lang),
                 f"{measure.label(lang)}: {cell.label(measure.kind, lang, interval=True)}"]
        if not (cell.shown or cell.hidden):
            reason = reason_of(cell, measure.metric)
            if reason is not None:
                lines[-1] += f" ({esc(Text(reason.zh, reason.en)(lang))})"
        if measure.coverage is not None:
            lines.append(f"{PAGES['coverage'](lang)}: {measure.coverage(figures, 'province', code).label(RATE, lang)}")
        lines.append(f"{L.NATIONAL(lang)}: {nation.label(measure.kind, lang, interval=True)}")
        if measure.compared and cell.shown:
            lines.append(COMPARISON_TILES[direction][2](lang))
        hover.append("<br>".join(lines))
    figure.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", marker={"size": 38, "opacity": 0, "symbol": "square"},
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    if measure.compared:
        for fill, words, symbol in TILE_KEYS:
            figure.add_trace(go.Scatter(
                x=[None], y=[None], mode="markers", name=f"{words(lang)} {symbol}".strip(), hoverinfo="skip",
                marker={"symbol": "square", "size": 14, "color": fill, "line": {"width": 1, "color": "#9aa5b1"}},
            ))
    elif values:
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker={"colorscale": "Blues", "cmin": low, "cmax": high, "color": [low], "showscale": True,
                    "colorbar": {"tickformat": ",d" if measure.kind == COUNT else ",.0f", "thickness": 12,
                                 "len": 0.7, "title": {"text": ""}}},
        ))
    vs = Text(f"（全国：{nation.label(measure.kind, 'zh', interval=True)}）",
              f" (national: {nation.label(measure.kind, 'en', interval=True)})")
    figure.update_layout(**base_layout(
        Text(measure.label.zh + (vs.zh if measure.compared else ""), measure.label.en + (vs.en if measure.compared else "")),
        lang, 560,
        xaxis={"visible": False, "range": [-0.6, COLUMNS - 0.4]},
        yaxis={"visible": False, "range": [ROWS - 0.4, -0.6], "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, shapes=shapes, annotations=notes,
        showlegend=measure.compared, legend={"orientation": "v", "x": 0.0, "y": 0.02, "yanchor": "bottom"},
    ))
    return figure


# --- the table -------------------------------------------------------------------------

def table_markup(figures: PublicFigures, items: list[Measure], groups: list[tuple[str, Text]] | None = None,
                 group_type: str = "province", table_id: str = "province-table", header: Text = UI["unit"]) -> str:
    """The national row first, then one row per group (the 32 units unless given); every
    column sortable; beside each figure from the survey its coverage; ▲ ▼ only where the
    comparison rule allows."""
    groups = groups if groups is not None else [(code, L.province(code, full=True)) for code in PROVINCE_CODES]
    head = f'<th class="text"><button type="button">{t(header)}</button></th>'
    for m in items:
        head += f'<th><button type="button">{t(m.label)}</button></th>'
        if m.coverage is not None:
            head += f'<th class="coverage"><button type="button">{t(PAGES["coverage"])}</button></th>'

    def row(row_type: str, code: str, name: Text, css: str = "") -> str:
        cells = []
        for m in items:
            cell = m.cell(figures, row_type, code)
            direction = comparison(m, figures, cell) if row_type != NATIONAL_TYPE else NOT_DIFFERENT
            cells.append(cell_markup(cell, m.kind, f"{m.key}|{code}", m.metric,
                                     mark=mark_markup(direction, PAGES["above"], PAGES["below"])))
            if m.coverage is not None:
                cells.append(cell_markup(m.coverage(figures, row_type, code), RATE, f"{m.key}.coverage|{code}",
                                         "ever_reached", interval=False))
        return f'<tr class="{css}" data-unit="{esc(code)}"><td class="text name">{t(name)}</td>{"".join(cells)}</tr>'

    national_row = row(NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL, "national")
    body = "".join(row(group_type, code, name) for code, name in groups)
    return (
        f'<div class="table-wrap"><table class="data sortable" id="{esc(table_id)}">'
        f"<thead><tr>{head}</tr>{national_row}</thead><tbody>{body}</tbody></table></div>"
    )


# --- one unit's trends -----------------------------------------------------------------

def _year_runs(years: list[int]) -> str:
    """2015–2018、2020: consecutive years as a span."""
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _hidden_note(years: list[int], cells: list[Cell], kind: str, lang: str) -> str:
    """The cohorts a panel leaves as gaps, by mark: 不公布：<5 2015–2018, 2020；* 2019."""
    by_mark: dict[str, list[int]] = {}
    for year, cell in zip(years, cells, strict=True):
        if cell.hidden:
            by_mark.setdefault(cell.label(kind, lang), []).append(year)
    if not by_mark:
        return ""
    parts = [f"{mark} {_year_runs(marked)}" for mark, marked in by_mark.items()]
    return Text("不公布：", "withheld: ")(lang) + ("；" if lang == "zh" else "; ").join(parts)


def unit_trends(figures: PublicFigures, code: str, lang: str) -> dict:
    """Four panels for one unit beside the national figure: students per cohort,
    completion rate, ever reached, and the 4-year Top-Notch rate (lower bound) with its
    interval. Hidden figures are gaps, named in a note at the top of their panel (never
    a mark floating on an axis); every axis starts at 0. A plain figure dict on the
    panels' layout (`_trends_panels`): 64 of these per page, and plotly's validating
    objects took 20 ms each."""
    layout, axes = _trends_panels(lang)
    layout = {**layout, "annotations": list(layout.get("annotations", []))}
    years = figures.cohort_years()
    unit_name = L.province(code, full=True)(lang)
    sizes = [figures.cell("cohort_size", y, "province", code) for y in years]
    data = [{
        "type": "bar", "x": years, "y": [c.number for c in sizes], "name": unit_name,
        "marker": {"color": PALETTE[0]}, "legendgroup": "unit",
        "hovertext": [f"{unit_name} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, sizes, strict=True)],
        "hoverinfo": "text", **axes[1, 1],
    }]
    notes = {(1, 1): _hidden_note(years, sizes, COUNT, lang)}
    shown_any = {(1, 1): any(c.shown and c.value > 0 for c in sizes)}
    panels = (("completion_rate", None, 1, 2), ("ever_reached", None, 2, 1), ("topnotch_rate", H, 2, 2))
    for metric, horizon, r, c in panels:
        for group_type, value, name, colour, group in (
            ("province", code, unit_name, PALETTE[0], "unit"),
            (NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL(lang), NATIONAL_COLOUR, "national"),
        ):
            cells = [figures.cell(metric, y, group_type, value, horizon) for y in years]
            if group == "unit":
                notes[r, c] = _hidden_note(years, cells, RATE, lang)
                shown_any[r, c] = any(x.shown and x.value > 0 for x in cells)
            if metric == "topnotch_rate":
                data += [{**band, **axes[r, c]} for band in interval_band(years, cells, colour, name)]
            data.append({
                "type": "scatter", "x": years, "y": [x.number for x in cells], "mode": "lines+markers",
                "name": name, "legendgroup": group,
                "showlegend": metric == "completion_rate" and group == "national",
                "line": {"color": colour, "dash": "dot" if group == "national" else "solid"},
                "hovertext": [f"{name} {y}: {x.label(RATE, lang, interval=True)}" for y, x in zip(years, cells, strict=True)],
                "hoverinfo": "text", **axes[r, c],
            })
    for (r, c), note in notes.items():
        axis = "yaxis" + axes[r, c]["yaxis"][1:]
        if not shown_any[r, c]:  # nothing above 0 to scale to: a plain 0 … 1 (or 0 … 2k) axis, not −1 … 1
            layout[axis] = {**layout[axis], "range": [0, 1] if (r, c) != (1, 1) else [0, figures.k * 2]}
        if note:
            layout["annotations"].append({
                "text": note, "showarrow": False, "xref": f"{axes[r, c]['xaxis']} domain",
                "yref": f"{axes[r, c]['yaxis']} domain", "x": 0, "y": 1, "xanchor": "left", "yanchor": "top",
                "font": {"size": 10, "color": "#7b8794"}, "bgcolor": "rgba(255,255,255,0.8)", "align": "left",
            })
    title = L.province(code, full=True)
    layout["title"] = {**layout["title"], "text": Text(f"{title.zh}与全国", f"{title.en} and the nation")(lang)}
    return {"data": data, "layout": layout}


@cache
def _trends_panels(lang: str) -> tuple[dict, dict[tuple[int, int], dict[str, str]]]:
    """The unit-trends layout in `lang` (plotly lays out the 2 × 2 grid, once) and each
    panel's axis references, by (row, col). Callers copy what they change."""
    titles = [L.METRIC["cohort_size"](lang), L.METRIC["completion_rate"](lang), L.METRIC["ever_reached"](lang),
              Text(f"{H}年拔尖计划入选率（下限）", f"{H}-year Top-Notch rate (lower bound)")(lang)]
    figure = make_subplots(rows=2, cols=2, subplot_titles=titles, vertical_spacing=0.16, horizontal_spacing=0.08)
    figure.update_layout(**base_layout(
        Text("", ""), lang, 620, margin={"l": 60, "r": 20, "t": 70, "b": 60}, legend={"orientation": "h", "y": -0.1, "x": 0},
    ))
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(rangemode="tozero")
    for r, c in ((1, 2), (2, 1), (2, 2)):
        figure.update_yaxes(tickformat=".0%", row=r, col=c)
    axes = {}
    for r in (1, 2):
        for c in (1, 2):
            panel = figure.get_subplot(r, c)  # layout names "xaxis2", "yaxis2"; a trace says "x2", "y2"
            axes[r, c] = {"xaxis": panel.xaxis.plotly_name.replace("axis", ""),
                          "yaxis": panel.yaxis.plotly_name.replace("axis", "")}
    return figure_json(figure)["layout"], axes


def provinces_page(figures: PublicFigures) -> Page:
    items = measures(figures)
    small = figures.small_label
    page = Page("provinces", UI["provinces_title"], Text(
        f"32个省级填报单位（含新疆生产建设兵团）与全国的比较。0至{figures.k - 1}人显示为 {small}，"
        f"按互补规则或为防止推算而隐藏的数字显示为 {L.WITHHELD_MARK}，未定义的显示为 {L.UNDEFINED_MARK}。",
        f"The 32 reporting units (the Xinjiang Production and Construction Corps included) against the national "
        f"figure. Counts from 0 to {figures.k - 1} read {small}; figures withheld by the complement rule or so that "
        f"another cannot be worked out read {L.WITHHELD_MARK}; figures not defined read {L.UNDEFINED_MARK}.",
    ))
    page.heading(Text("地图", "Map"), "map")
    page.figure(
        "unit-map",
        {m.key: in_both_languages(lambda l, m=m: tile_map(figures, m, l)) for m in items},
        Text("省级单位方块地图", "Tile map of the reporting units"), height=560,
        selector=(Text("指标", "Measure"), [(m.key, m.label) for m in items]),
        caption=Text(
            "每个单位一个方块，位置大致对应地理位置。比率：蓝色（▲）为95%置信区间完全高于全国值，橙色（▼）为完全低于全国值，"
            "浅色为区间包含全国值（无明显差异，无论点估计高低）；灰色为不公布，带标记；带边框的最浅色为未定义（—）。"
            "拔尖计划、强基计划与读研为少见结果，用近三届合并的数字，以减少不公布的单位。",
            "One square per unit, placed roughly where it lies. Rates: blue (▲) where the unit's 95% interval lies "
            "wholly above the national figure, orange (▼) wholly below, pale where it includes the national figure "
            "(no difference shown, whatever the point estimate); grey: withheld, with its mark; palest with a border: not defined (—). "
            "Top-Notch, 强基计划 and graduate study are rare: they use the last three cohorts pooled, so that fewer "
            "units are withheld."),
    )
    page.heading(Text("各单位一览（点击表头排序）", "All units (click a header to sort)"), "table")
    page.raw(table_markup(figures, items))
    page.paragraph(Text(
        f"比率下方为95%置信区间；“各届合计”为全部已定义届次；{H}年入选率只含入选后已观察满{H}年的届次。"
        + PAGES["coverage_note"].zh + PAGES["two_topnotch"].zh,
        f"Below each rate its 95% interval; \"all cohorts\" pools every cohort for which a figure is defined; the "
        f"{H}-year rate uses cohorts observed for {H} years. " + PAGES["coverage_note"].en + " " + PAGES["two_topnotch"].en,
    ))
    page.heading(Text("单位趋势", "Trends of one unit"), "trends")
    page.figure(
        "unit-trends",
        {code: in_both_languages(lambda l, code=code: unit_trends(figures, code, l)) for code in PROVINCE_CODES},
        Text("单位与全国的趋势", "A unit's trends and the nation's"), height=620,
        selector=(Text("单位", "Unit"), [(code, L.province(code, full=True)) for code in PROVINCE_CODES]),
        caption=Text("不公布的届次在图中留空，并在图内左上角注明。", "Withheld cohorts are gaps, named at the top left of their panel."),
    )
    return page
