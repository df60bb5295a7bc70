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
from dashboards.cells import COUNT, RATE, Cell
from dashboards.charts import HIDDEN_TILE, NATIONAL_COLOUR, PALETTE, UNDEFINED_TILE, in_both_languages, interval_band
from dashboards.labels import UI, Text
from dashboards.page import Page, base_layout, esc, figure_json, t
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PublicFigures
from dashboards.tile_grid import COLUMNS, ROWS, TILE_ABBREVIATIONS, TILES
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON

H = SUMMARY_TOPNOTCH_HORIZON


@dataclass(frozen=True)
class Measure:
    key: str
    label: Text
    kind: str
    cell: Callable[[PublicFigures, str, str], Cell]  # (figures, group_type, group_value)
    interval: bool = False
    diverging: bool = True  # coloured above/below the national figure


def measures(figures: PublicFigures) -> list[Measure]:
    latest = figures.cohort_years()[-1] if figures.cohort_years() else "—"
    return [
        Measure("completion_rate", Text("结业率（各届合计）", "Completion rate (all cohorts)"), RATE,
                lambda f, g, v: f.cell("completion_rate", None, g, v)),
        Measure("excellence_rate", Text("优秀率（各届合计）", "Excellence rate (all cohorts)"), RATE,
                lambda f, g, v: f.cell("excellence_rate", None, g, v)),
        Measure("ever_reached", L.METRIC["ever_reached"], RATE,
                lambda f, g, v: f.cell("ever_reached", None, g, v)),
        Measure(f"topnotch_rate_{H}", Text(f"{H}年拔尖计划入选率", f"{H}-year Top-Notch rate"), RATE,
                lambda f, g, v: f.cell("topnotch_rate", None, g, v, H), interval=True),
        Measure(f"topnotch_km_{H}", Text(f"{H}年累计入选率（K–M）", f"{H}-year cumulative incidence (K–M)"), RATE,
                lambda f, g, v: f.cell("topnotch_km", None, g, v, H), interval=True),
        Measure("basic_major_rate", L.METRIC["basic_major_rate"], RATE,
                lambda f, g, v: f.cell("basic_major_rate", None, g, v)),
        Measure("cohort_size", Text("累计入选学生", "Students selected (all cohorts)"), COUNT,
                lambda f, g, v: f.cell("cohort_size", None, g, v), diverging=False),
        Measure("cohort_size_latest", Text(f"{latest}年入选学生", f"Students selected in {latest}"), COUNT,
                lambda f, g, v: f.cell("cohort_size", latest, g, v), diverging=False),
    ]


def national(measure: Measure, figures: PublicFigures) -> Cell:
    return measure.cell(figures, NATIONAL_TYPE, NATIONAL_VALUE)


# --- the tile map ----------------------------------------------------------------------

def _colour(value: float, low: float, high: float, centre: float | None) -> tuple[str, str]:
    """(fill, text colour) on RdBu around the national figure, or Blues for counts."""
    if centre is None:
        position = 0.15 + 0.85 * ((value - low) / (high - low) if high > low else 0.5)
        fill = sample_colorscale("Blues", [min(max(position, 0), 1)])[0]
        return fill, "#ffffff" if position > 0.65 else "#1f2933"
    spread = max(abs(high - centre), abs(centre - low)) or 1.0
    position = 0.5 + 0.5 * (value - centre) / spread
    fill = sample_colorscale("RdBu", [min(max(position, 0), 1)])[0]
    return fill, "#ffffff" if abs(position - 0.5) > 0.33 else "#1f2933"


def tile_map(figures: PublicFigures, measure: Measure, lang: str) -> go.Figure:
    """Each unit a square where it lies in China; colour above (blue) or below (red) the
    national figure; hidden figures grey with <5 or —."""
    cells = {code: measure.cell(figures, "province", code) for code in PROVINCE_CODES}
    nation = national(measure, figures)
    values = [c.value for c in cells.values() if c.shown]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    centre = nation.value if (measure.diverging and nation.shown) else None
    figure = go.Figure()
    xs, ys, hover, shapes, notes = [], [], [], [], []
    for code, (row, column) in TILES.items():
        cell = cells[code]
        if cell.shown:
            fill, ink = _colour(cell.value, low, high, centre)
        else:
            fill, ink = (HIDDEN_TILE if cell.hidden else UNDEFINED_TILE), "#1f2933"
        shapes.append({"type": "rect", "x0": column - 0.46, "x1": column + 0.46, "y0": row - 0.46,
                       "y1": row + 0.46, "fillcolor": fill, "line": {"width": 1, "color": "#ffffff"},
                       "layer": "below"})
        label = L.province(code)(lang) if lang == "zh" else TILE_ABBREVIATIONS[code]
        notes.append({"x": column, "y": row, "showarrow": False, "font": {"size": 11, "color": ink},
                      "text": f"<b>{esc(label)}</b><br>{cell.label(measure.kind, lang)}"})
        xs.append(column)
        ys.append(row)
        hover.append(
            f"{L.province(code, full=True)(lang)}<br>{measure.label(lang)}: "
            f"{cell.label(measure.kind, lang, interval=measure.interval)}<br>"
            f"{L.NATIONAL(lang)}: {nation.label(measure.kind, lang, interval=measure.interval)}"
        )
    figure.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", marker={"size": 38, "opacity": 0, "symbol": "square"},
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    if values:
        scale = "Blues" if centre is None else "RdBu"
        span = max(abs(high - centre), abs(centre - low)) if centre is not None else None
        colour_range = (low, high) if centre is None else (centre - span, centre + span)
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
            marker={"colorscale": scale, "cmin": colour_range[0], "cmax": colour_range[1],
                    "color": [colour_range[0]], "showscale": True,
                    "colorbar": {"tickformat": ".1%" if measure.kind == RATE else ",d", "thickness": 12,
                                 "len": 0.7, "title": {"text": ""}}},
        ))
    vs = Text(f"（全国：{nation.label(measure.kind, 'zh')}）", f" (national: {nation.label(measure.kind, 'en')})")
    figure.update_layout(**base_layout(
        Text(measure.label.zh + (vs.zh if measure.diverging else ""), measure.label.en + (vs.en if measure.diverging else "")),
        lang, 560,
        xaxis={"visible": False, "range": [-0.6, COLUMNS - 0.4]},
        yaxis={"visible": False, "range": [ROWS - 0.4, -0.6], "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, shapes=shapes, annotations=notes,
    ))
    return figure


# --- the table -------------------------------------------------------------------------

def table_markup(figures: PublicFigures, items: list[Measure]) -> str:
    """National first, then the 32 units; every column sortable."""
    head = (
        f'<th class="text"><button type="button">{t(UI["unit"])}</button></th>'
        + "".join(f'<th><button type="button">{t(m.label)}</button></th>' for m in items)
    )

    def row(group_type: str, code: str, name: Text, css: str = "") -> str:
        cells = []
        for m in items:
            cell = m.cell(figures, group_type, code)
            sort = "" if not cell.shown else repr(cell.value)
            css_cell = ' class="hidden-cell"' if not cell.shown else ""
            cells.append(
                f'<td data-sort="{sort}" data-cell="{esc(m.key)}|{esc(code)}"{css_cell}>'
                f'{t(Text(cell.text(m.kind, "zh", interval=m.interval), cell.text(m.kind, "en", interval=m.interval)))}</td>'
            )
        return f'<tr class="{css}" data-unit="{esc(code)}"><td class="text name">{t(name)}</td>{"".join(cells)}</tr>'

    national_row = row(NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL, "national")
    body = "".join(row("province", code, L.province(code, full=True)) for code in PROVINCE_CODES)
    return (
        '<div class="table-wrap"><table class="data sortable" id="province-table">'
        f"<thead><tr>{head}</tr>{national_row}</thead><tbody>{body}</tbody></table></div>"
    )


# --- one unit's trends -----------------------------------------------------------------

def unit_trends(figures: PublicFigures, code: str, lang: str) -> dict:
    """Four panels for one unit beside the national figure: students per cohort,
    completion rate, ever reached, and the 4-year Top-Notch rate with its interval.
    A plain figure dict on the panels' layout (`_trends_panels`): 64 of these per page,
    and plotly's validating objects took 20 ms each."""
    layout, axes = _trends_panels(lang)
    years = figures.cohort_years()
    unit_name = L.province(code, full=True)(lang)
    sizes = [figures.cell("cohort_size", y, "province", code) for y in years]
    data = [{
        "type": "bar", "x": years, "y": [c.number for c in sizes], "name": unit_name,
        "marker": {"color": PALETTE[0]}, "legendgroup": "unit",
        "text": [c.label(COUNT, lang) if not c.shown else "" for c in sizes], "textposition": "outside",
        "hovertext": [f"{unit_name} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, sizes, strict=True)],
        "hoverinfo": "text", **axes[1, 1],
    }]
    panels = (("completion_rate", None, 1, 2), ("ever_reached", None, 2, 1), ("topnotch_rate", H, 2, 2))
    for metric, horizon, r, c in panels:
        for group_type, value, name, colour, group in (
            ("province", code, unit_name, PALETTE[0], "unit"),
            (NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL(lang), NATIONAL_COLOUR, "national"),
        ):
            cells = [figures.cell(metric, y, group_type, value, horizon) for y in years]
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
    title = L.province(code, full=True)
    layout = {**layout, "title": {**layout["title"], "text": Text(f"{title.zh}与全国", f"{title.en} and the nation")(lang)}}
    return {"data": data, "layout": layout}


@cache
def _trends_panels(lang: str) -> tuple[dict, dict[tuple[int, int], dict[str, str]]]:
    """The unit-trends layout in `lang` (plotly lays out the 2 × 2 grid, once) and each
    panel's axis references, by (row, col). Callers copy what they change."""
    titles = [L.METRIC["cohort_size"](lang), L.METRIC["completion_rate"](lang),
              L.METRIC["ever_reached"](lang), Text(f"{H}年拔尖计划入选率", f"{H}-year Top-Notch rate")(lang)]
    figure = make_subplots(rows=2, cols=2, subplot_titles=titles, vertical_spacing=0.16, horizontal_spacing=0.08)
    figure.update_layout(**base_layout(
        Text("", ""), lang, 620, margin={"l": 60, "r": 20, "t": 70, "b": 60}, legend={"orientation": "h", "y": -0.1, "x": 0},
    ))
    figure.update_xaxes(dtick=1, tickformat="d")
    for r, c in ((1, 2), (2, 1), (2, 2)):
        figure.update_yaxes(tickformat=".0%", rangemode="tozero", row=r, col=c)
    axes = {}
    for r in (1, 2):
        for c in (1, 2):
            panel = figure.get_subplot(r, c)  # layout names "xaxis2", "yaxis2"; a trace says "x2", "y2"
            axes[r, c] = {"xaxis": panel.xaxis.plotly_name.replace("axis", ""),
                          "yaxis": panel.yaxis.plotly_name.replace("axis", "")}
    return figure_json(figure)["layout"], axes


def provinces_page(figures: PublicFigures) -> Page:
    items = measures(figures)
    page = Page("provinces", UI["provinces_title"], Text(
        "32个省级填报单位（含新疆生产建设兵团）与全国的比较。人数为1至4的单元格显示为 <5，"
        "为防止推算而一并隐藏的数字显示为 —。",
        "The 32 reporting units (the Xinjiang Production and Construction Corps included) against the "
        "national figure. Counts from 1 to 4 read <5; figures hidden so that they cannot be worked out read —.",
    ))
    page.heading(Text("地图", "Map"), "map")
    page.figure(
        "unit-map",
        {m.key: in_both_languages(lambda l, m=m: tile_map(figures, m, l)) for m in items},
        Text("省级单位方块地图", "Tile map of the reporting units"), height=560,
        selector=(Text("指标", "Measure"), [(m.key, m.label) for m in items]),
        caption=Text("每个单位一个方块，位置大致对应地理位置。蓝色高于全国，红色低于全国；灰色为不公布或暂无。",
                     "One square per unit, placed roughly where it lies. Blue above the national figure, red below; "
                     "grey: withheld or not available."),
    )
    page.heading(Text("各单位一览（点击表头排序）", "All units (click a header to sort)"), "table")
    page.raw(table_markup(figures, items))
    page.paragraph(Text(
        f"比率为全部已定义届次合计；{H}年入选率只含入选后已观察满{H}年的届次，方括号内为95%置信区间。",
        f"Rates pool every cohort for which they are defined; the {H}-year rate uses cohorts observed for "
        f"{H} years; brackets give 95% intervals.",
    ))
    page.heading(Text("单位趋势", "Trends of one unit"), "trends")
    page.figure(
        "unit-trends",
        {code: in_both_languages(lambda l, code=code: unit_trends(figures, code, l)) for code in PROVINCE_CODES},
        Text("单位与全国的趋势", "A unit's trends and the nation's"), height=620,
        selector=(Text("单位", "Unit"), [(code, L.province(code, full=True)) for code in PROVINCE_CODES]),
    )
    return page
