"""Universities and mentors: the figures of every cohort together by the title of the
student's mentor and by the student's training university, against the nation, and the
mentors engaged each year by title — all from public figures."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards import labels as L
from dashboards.cells import COUNT, HOURS, RATE
from dashboards.charts import NATIONAL_COLOUR, PALETTE, gap_annotation, in_both_languages
from dashboards.labels import PAGES, UI, Text
from dashboards.page import Page, base_layout
from dashboards.provinces import H, Measure, all_cohorts_coverage, comparison, table_markup
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PublicFigures


def mentor_titles(figures: PublicFigures) -> list[str]:
    """The titles published, from the most senior (the order of labels.MENTOR_TITLE)."""
    order = list(L.MENTOR_TITLE)
    return sorted(figures.group_values("mentor_title"), key=lambda v: (order.index(v) if v in order else len(order), v))


def breakdown_measures() -> list[Measure]:
    """Every cohort together (the groups are small in any one cohort)."""
    lower, estimate = PAGES["lower_bound"], PAGES["km_estimate"]

    def pooled(metric: str, label: Text, kind: str = RATE, horizon: int | None = None,
               from_survey: bool = False, key: str | None = None) -> Measure:
        return Measure(key or metric, label, kind, lambda f, g, v: f.cell(metric, None, g, v, horizon),
                       compared=kind == RATE, coverage=all_cohorts_coverage if from_survey else None, metric=metric)

    return [
        pooled("cohort_size", Text("累计入选学生", "Students selected"), COUNT),
        pooled("training_hours_median", L.METRIC["training_hours_median"], HOURS),
        pooled("completion_rate", L.METRIC["completion_rate"]),
        pooled("ever_reached", L.METRIC["ever_reached"]),
        pooled("topnotch_rate", Text(f"{H}年拔尖计划入选率（{lower.zh}）", f"{H}-year Top-Notch rate ({lower.en})"),
               horizon=H, from_survey=True, key=f"topnotch_rate_{H}"),
        pooled("topnotch_km", Text(f"{H}年累计入选率（{estimate.zh}）", f"{H}-year cumulative incidence ({estimate.en})"),
               horizon=H, from_survey=True, key=f"topnotch_km_{H}"),
        pooled("qiangji_rate", L.METRIC["qiangji_rate"], from_survey=True),
        pooled("basic_major_rate", L.METRIC["basic_major_rate"], from_survey=True),
        pooled("graduate_rate", L.METRIC["graduate_rate"], from_survey=True),
    ]


def interval_figure(figures: PublicFigures, group_type: str, measure: Measure, lang: str) -> go.Figure:
    """One dot per group with its 95% interval and the national figure as a line; a
    group is coloured only where the comparison rule marks it."""
    groups = mentor_titles(figures) if group_type == "mentor_title" else figures.group_values(group_type)
    names = [L.value_label(group_type, g)(lang) for g in groups]
    cells = [measure.cell(figures, group_type, g) for g in groups]
    nation = measure.cell(figures, NATIONAL_TYPE, NATIONAL_VALUE)
    directions = [comparison(measure, figures, c) for c in cells]
    colours = [{1: PALETTE[0], -1: PALETTE[5]}.get(d, "#7b8794") for d in directions]
    figure = go.Figure(go.Scatter(
        x=[c.number for c in cells], y=names, mode="markers", marker={"size": 10, "color": colours},
        error_x={"type": "data", "symmetric": False, "color": "#9aa5b1",
                 "array": [(c.ci_high - c.value) if c.has_interval else None for c in cells],
                 "arrayminus": [(c.value - c.ci_low) if c.has_interval else None for c in cells]},
        hovertext=[f"{n}: {c.label(RATE, lang, interval=True)}" for n, c in zip(names, cells, strict=True)],
        hoverinfo="text", showlegend=False,
    ))
    if nation.shown:
        figure.add_vline(x=nation.value, line={"dash": "dot", "color": NATIONAL_COLOUR},
                         annotation_text=f"{L.NATIONAL(lang)} {nation.label(RATE, lang)}",
                         annotation_position="top")
    hidden = [f"{n} {c.label(RATE, lang)}" for n, c in zip(names, cells, strict=True) if not c.shown]
    title = Text(f"{measure.label.zh}（按{L.GROUP_TYPE[group_type].zh}，95% 置信区间）",
                 f"{measure.label.en} by {L.GROUP_TYPE[group_type].en.lower()} (95% intervals)")
    figure.update_layout(**base_layout(
        title, lang, 360, xaxis={"tickformat": ".0%", "rangemode": "tozero", "title": {"text": UI["rate"](lang)}},
        yaxis={"autorange": "reversed"}, margin={"l": 150, "r": 30, "t": 60, "b": 60 if hidden else 50},
    ))
    if hidden:
        figure.add_annotation(text=Text("不公布：", "withheld: ")(lang) + "、".join(hidden), showarrow=False,
                              xref="paper", yref="paper", x=0, y=-0.2, xanchor="left",
                              font={"size": 10, "color": "#7b8794"})
    return figure


def mentors_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """Mentors engaged per year, by title (public.annual_reach)."""
    years = figures.cohort_years()
    figure = go.Figure()
    any_shown = False
    for index, title in enumerate(L.MENTOR_TITLE):
        cells = [figures.reach_cell(y, "mentors", NATIONAL_TYPE, NATIONAL_VALUE, title) for y in years]
        any_shown = any_shown or any(c.shown for c in cells)
        name = L.value_label("mentor_title", title)(lang)
        figure.add_trace(go.Bar(
            x=years, y=[c.number for c in cells], name=name, marker_color=PALETTE[index % len(PALETTE)],
            hovertext=[f"{name} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    title = Text("各年度参与导师数（按职称）", "Mentors engaged per year, by title")
    figure.update_layout(**base_layout(title, lang, 380, barmode="stack",
                                       xaxis={"dtick": 1, "tickformat": "d", "title": {"text": UI["cohort_year"](lang)}},
                                       yaxis={"rangemode": "tozero", "title": {"text": Text("导师数", "Mentors")(lang)}}))
    if not any_shown:
        figure.update_layout(yaxis={"range": [0, 1]})
        gap_annotation(figure, Text("导师数尚未发布", "mentor counts not yet published"), lang)
    return figure


def breakdowns_page(figures: PublicFigures) -> Page:
    items = breakdown_measures()
    page = Page("breakdowns", PAGES["breakdowns_title"], Text(
        "按学生导师的职称与培养高校分组的各届合计数字，与全国比较。分组按学生入选时的第一条名单记录。",
        "Every cohort together, by the title of the student's mentor and by the student's training university, "
        "against the nation. Groups come from the student's first roster row.",
    ))
    page.heading(Text("导师职称", "Mentor title"), "mentor-title")
    titles = mentor_titles(figures)
    page.raw(table_markup(figures, items, [(v, L.value_label("mentor_title", v)) for v in titles],
                          "mentor_title", "mentor-title-table", L.GROUP_TYPE["mentor_title"]))
    km = next(m for m in items if m.key == f"topnotch_km_{H}")
    page.grid(True)
    if titles:
        page.figure("mentor-topnotch",
                    {"all": in_both_languages(lambda l: interval_figure(figures, "mentor_title", km, l))},
                    Text("拔尖计划累计入选率（按导师职称）", "Top-Notch cumulative incidence by mentor title"),
                    caption=Text("圆点为 K–M 估计，横线为95%置信区间，虚线为全国；区间完全在全国值一侧时才着色。",
                                 "Dots: K–M estimates; bars: 95% intervals; dotted: the nation. A dot is coloured only "
                                 "where its interval lies wholly on one side of the national figure."))
    page.figure("mentors", {"all": in_both_languages(lambda l: mentors_figure(figures, l))},
                Text("参与导师数", "Mentors engaged"))
    page.grid(False)
    page.heading(Text("培养高校（点击表头排序）", "Training university (click a header to sort)"), "university")
    names = figures.university_names
    universities = [(code, Text(names.get(code, code), names.get(code, code))) for code in figures.group_values("university")]
    page.raw(table_markup(figures, items, universities, "university", "university-table", Text("高校", "University")))
    page.paragraph(Text(
        "各数字为全部已定义届次合计；比率下方为95%置信区间，▲ ▼ 仅在区间完全高于或低于全国值时标出。"
        + PAGES["coverage_note"].zh + PAGES["two_topnotch"].zh,
        "Every figure pools all cohorts for which it is defined; below each rate its 95% interval; ▲ ▼ only where "
        "the interval lies wholly above or below the national figure. " + PAGES["coverage_note"].en + " "
        + PAGES["two_topnotch"].en))
    return page
