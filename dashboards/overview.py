"""The national overview: cohorts, completion, the pathway into the Top-Notch Programme,
time to Top-Notch selection, follow-up coverage, and equity — all from public figures."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import takewhile

import plotly.graph_objects as go

from dashboards import labels as L
from dashboards.cells import COUNT, HOURS, RATE, Cell, against_previous, ratio, total
from dashboards.charts import (
    DISCIPLINE_COLOURS,
    GENDER_COLOURS,
    NATIONAL_COLOUR,
    PALETTE,
    add_interval_band,
    gap_annotation,
    in_both_languages,
)
from dashboards.labels import PAGES, UI, Text
from dashboards.page import Page, base_layout, esc, t
from dashboards.public import PublicFigures
from dashboards.table_cells import cell_markup, figure_text, mark_markup
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON, TOPNOTCH_HORIZONS

FUNNEL_HORIZON = SUMMARY_TOPNOTCH_HORIZON
KM_SUMMARY_HORIZON = SUMMARY_TOPNOTCH_HORIZON


def _axis(title: Text, lang: str, **extra) -> dict:
    return {"title": {"text": title(lang)}, **extra}


def _years_axis(lang: str) -> dict:
    return _axis(UI["cohort_year"], lang, dtick=1, tickformat="d")


# --- cohorts ---------------------------------------------------------------------------

def cohort_sizes_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """Students selected per cohort year, stacked by discipline, with the national total."""
    years = figures.cohort_years()
    figure = go.Figure()
    for discipline in figures.group_values("discipline"):
        cells = [figures.cell("cohort_size", y, "discipline", discipline) for y in years]
        name = L.value_label("discipline", discipline)(lang)
        figure.add_trace(go.Bar(
            x=years, y=[c.number for c in cells], name=name,
            marker_color=DISCIPLINE_COLOURS.get(discipline),
            hovertext=[f"{name} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    national = [figures.cell("cohort_size", y) for y in years]
    figure.add_trace(go.Scatter(
        x=years, y=[c.number for c in national], mode="markers+text", name=L.NATIONAL(lang),
        text=[c.label(COUNT, lang) for c in national], textposition="top center",
        marker={"color": NATIONAL_COLOUR, "size": 6, "symbol": "diamond"},
        hovertext=[f"{L.NATIONAL(lang)} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, national, strict=True)],
        hoverinfo="text",
    ))
    title = Text("各年度入选学生数（按学科）", "Students selected per cohort, by discipline")
    figure.update_layout(**base_layout(title, lang, 420, barmode="stack",
                                       xaxis=_years_axis(lang), yaxis=_axis(UI["students"], lang)))
    return figure


def completion_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """Completion, excellence and withdrawal rates per cohort with 95% intervals."""
    years = figures.cohort_years()
    figure = go.Figure()
    for metric, colour in (("completion_rate", PALETTE[0]), ("excellence_rate", PALETTE[2]),
                           ("withdrawal_rate", PALETTE[5])):
        cells = [figures.cell(metric, y) for y in years]
        name = L.METRIC[metric](lang)
        add_interval_band(figure, years, cells, colour, name)
        figure.add_trace(go.Scatter(
            x=years, y=[c.number for c in cells], mode="lines+markers", name=name,
            line={"color": colour}, legendgroup=name,
            hovertext=[f"{name} {y}: {c.label(RATE, lang, interval=True)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    title = Text("结业率与优秀率（按入选年份，95% 置信区间）",
                 "Completion and excellence by cohort (95% intervals)")
    figure.update_layout(**base_layout(title, lang, 420, xaxis=_years_axis(lang),
                                       yaxis=_axis(UI["rate"], lang, tickformat=".0%", range=[0, 1])))
    return figure


# --- the pathway ---------------------------------------------------------------------

PATHWAY_STAGES = (
    ("selected", Text("入选", "Selected")),
    ("completed", Text("结业（优秀或合格）", "Completed (excellent or pass)")),
    ("university", Text("进入大学", "Entered university")),
    ("basic_major", Text("就读基础学科专业", "Basic-discipline major")),
    ("topnotch", Text(f"{FUNNEL_HORIZON}年内入选拔尖计划（下限）", f"Top-Notch within {FUNNEL_HORIZON} years (lower bound)")),
)


def pathway_cohorts(figures: PublicFigures) -> list[int]:
    """The cohorts observed for FUNNEL_HORIZON years: Y + h ≤ H."""
    horizon = figures.data_horizon()
    if horizon is None:
        return []
    return [y for y in figures.cohort_years() if y + FUNNEL_HORIZON <= horizon]


def pathway_cells(figures: PublicFigures) -> dict[str, Cell]:
    """Persons at each stage, summed over pathway_cohorts() from national figures (a
    stage is withheld when one of its cohort figures is hidden)."""
    cohorts = pathway_cohorts(figures)
    return {
        "selected": total(figures.cell("cohort_size", y) for y in cohorts),
        "completed": total(figures.cell("completion_rate", y, field="numerator") for y in cohorts),
        "university": total(figures.cell("qiangji_rate", y, field="denominator") for y in cohorts),
        "basic_major": total(figures.cell("basic_major_rate", y, field="numerator") for y in cohorts),
        "topnotch": total(figures.cell("topnotch_rate", y, horizon=FUNNEL_HORIZON, field="numerator")
                          for y in cohorts),
    }


def pathway_figure(figures: PublicFigures, lang: str) -> go.Figure:
    cohorts = pathway_cohorts(figures)
    cells = pathway_cells(figures)
    selected = cells["selected"]
    names, values, texts = [], [], []
    for key, label in PATHWAY_STAGES:
        cell = cells[key]
        share = ratio(cell, selected)
        names.append(label(lang))
        values.append(cell.number or 0)
        of_selected = Text("占入选", "of selected")(lang)
        texts.append(cell.label(COUNT, lang) + (f" ({share.label(RATE, lang)} {of_selected})" if share.shown else ""))
    span = f"{cohorts[0]}–{cohorts[-1]}" if cohorts else "—"
    title = Text(f"培养路径：{span} 年入选学生（观察满 {FUNNEL_HORIZON} 年）",
                 f"Pathway of the {span} cohorts (observed {FUNNEL_HORIZON} years or more)")
    figure = go.Figure(go.Funnel(
        y=names, x=values, text=texts, textinfo="text", hoverinfo="text", hovertext=texts,
        # A withheld stage has no bar to write in: its mark goes beside the axis.
        textposition=["inside" if v > 0.2 * max(values + [1]) else "outside" for v in values],
        marker={"color": [PALETTE[i] for i in range(len(names))]}, connector={"line": {"color": "#cbd2d9"}},
    ))
    figure.update_layout(**base_layout(title, lang, 420, margin={"l": 200, "r": 20, "t": 50, "b": 30}))
    if not cohorts:
        gap_annotation(figure, Text("尚无观察满期的届次", "no cohort observed long enough yet"), lang)
    return figure


# --- time to Top-Notch selection -----------------------------------------------------

def km_figure(figures: PublicFigures, group_type: str, lang: str) -> go.Figure:
    """Kaplan–Meier cumulative incidence of Top-Notch selection, h = 0 … 8, with the
    Greenwood log(−log) interval, one curve per group."""
    colours = DISCIPLINE_COLOURS if group_type == "discipline" else GENDER_COLOURS
    horizons = [0, *TOPNOTCH_HORIZONS]
    figure = go.Figure()
    for index, value in enumerate(figures.group_values(group_type, "topnotch_km")):
        name = L.value_label(group_type, value)(lang)
        colour = colours.get(value, PALETTE[index % len(PALETTE)])
        cells = [Cell(0.0, "shown", 0.0, 0.0)] + [
            figures.cell("topnotch_km", None, group_type, value, h) for h in TOPNOTCH_HORIZONS
        ]
        add_interval_band(figure, horizons, cells, colour, name, shape="hv")
        figure.add_trace(go.Scatter(
            x=horizons, y=[c.number for c in cells], mode="lines", name=name, legendgroup=name,
            line={"color": colour, "shape": "hv", "width": 2},
            hovertext=[f"{name}, h={h}: {c.label(RATE, lang, interval=True)}" for h, c in zip(horizons, cells, strict=True)],
            hoverinfo="text",
        ))
    by = L.GROUP_TYPE[group_type]
    title = Text(f"入选拔尖计划的累计比例（Kaplan–Meier，按{by.zh}）",
                 f"Cumulative incidence of Top-Notch selection (Kaplan–Meier) by {by.en.lower()}")
    figure.update_layout(**base_layout(
        title, lang, 420,
        xaxis=_axis(UI["years_since"], lang, dtick=1, range=[0, max(horizons) + 0.2]),
        yaxis=_axis(Text("累计入选比例", "Cumulative incidence"), lang, tickformat=".0%", rangemode="tozero"),
    ))
    return figure


# --- follow-up -------------------------------------------------------------------------

def coverage_heatmap(figures: PublicFigures, lang: str) -> go.Figure:
    """Follow-up coverage of each cohort (rows) in each survey year (columns)."""
    years = figures.cohort_years()
    horizon = figures.data_horizon()
    surveys = list(range(years[0] + 1, horizon + 1)) if years and horizon else []
    z, text, hover_text = [], [], []
    for y in years:
        row_cells = [figures.cell("followup_coverage", y, horizon=s - y) if s > y else None for s in surveys]
        z.append([c.number if c else None for c in row_cells])
        text.append([c.label(RATE, lang, digits=0) if c else "" for c in row_cells])
        hover_text.append([
            f"{UI['cohort_year'](lang)} {y}, {UI['survey_year'](lang)} {s}: {c.label(RATE, lang, interval=True)}"
            if c else "" for s, c in zip(surveys, row_cells, strict=True)
        ])
    figure = go.Figure(go.Heatmap(
        x=surveys, y=years, z=z, text=text, texttemplate="%{text}", hovertext=hover_text, hoverinfo="text",
        colorscale="Blues", zmin=0, zmax=1, xgap=2, ygap=2,
        colorbar={"tickformat": ".0%", "title": {"text": L.METRIC["followup_coverage"](lang)}},
    ))
    title = Text("跟踪调查覆盖率：入选年份 × 调查年份", "Follow-up coverage: cohort × survey year")
    figure.update_layout(**base_layout(
        title, lang, 460, xaxis=_axis(UI["survey_year"], lang, dtick=1, side="bottom"),
        yaxis=_axis(UI["cohort_year"], lang, dtick=1, autorange="reversed"),
    ))
    return figure


# --- destinations and training ---------------------------------------------------------

DESTINATIONS = (
    ("qiangji_rate", PALETTE[0]), ("basic_major_rate", PALETTE[2]), ("graduate_rate", PALETTE[5]),
)


def destinations_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """强基计划, basic-discipline majors and graduate study per cohort with their 95%
    intervals, and beside them (dotted) the coverage they rest on: ever reached."""
    years = figures.cohort_years()
    figure = go.Figure()
    for metric, colour in DESTINATIONS:
        cells = [figures.cell(metric, y) for y in years]
        name = L.METRIC[metric](lang)
        add_interval_band(figure, years, cells, colour, name)
        figure.add_trace(go.Scatter(
            x=years, y=[c.number for c in cells], mode="lines+markers", name=name, legendgroup=name,
            line={"color": colour},
            hovertext=[f"{name} {y}: {c.label(RATE, lang, interval=True)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    coverage = [figures.cell("ever_reached", y) for y in years]
    name = f"{PAGES['coverage'](lang)}（{L.METRIC['ever_reached'](lang)}）" if lang == "zh" else \
        f"{PAGES['coverage'](lang)} ({L.METRIC['ever_reached'](lang)})"
    figure.add_trace(go.Scatter(
        x=years, y=[c.number for c in coverage], mode="lines", name=name,
        line={"color": NATIONAL_COLOUR, "dash": "dot"},
        hovertext=[f"{name} {y}: {c.label(RATE, lang, interval=True)}" for y, c in zip(years, coverage, strict=True)],
        hoverinfo="text",
    ))
    title = Text("升学去向（按入选年份，95% 置信区间）与跟踪覆盖", "Destinations by cohort (95% intervals) and coverage")
    figure.update_layout(**base_layout(title, lang, 420, xaxis=_years_axis(lang),
                                       yaxis=_axis(UI["rate"], lang, tickformat=".0%", range=[0, 1])))
    return figure


def training_hours_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """Median and mean training hours per cohort (every student, 0 without training)."""
    years = figures.cohort_years()
    figure = go.Figure()
    for metric, colour in (("training_hours_median", PALETTE[0]), ("training_hours_mean", PALETTE[1])):
        cells = [figures.cell(metric, y) for y in years]
        name = L.METRIC[metric](lang)
        figure.add_trace(go.Scatter(
            x=years, y=[c.number for c in cells], mode="lines+markers", name=name, line={"color": colour},
            hovertext=[f"{name} {y}: {c.label(HOURS, lang)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    title = Text("培养学时（按入选年份）", "Training hours by cohort")
    figure.update_layout(**base_layout(title, lang, 420, xaxis=_years_axis(lang),
                                       yaxis=_axis(Text("学时", "Hours"), lang, rangemode="tozero")))
    return figure


# --- equity ----------------------------------------------------------------------------

def girls_share_cells(figures: PublicFigures, year: int | None, group_type: str = "national",
                      group_value: str = "all") -> Cell:
    """Girls' share of a cohort: nationally from the gender groups of metric_values, for a
    reporting unit from public.annual_reach."""
    if group_type == "national":
        return ratio(figures.cell("cohort_size", year, "gender", "女"), figures.cell("cohort_size", year))
    return figures.reach_cell(year, "girls_share", group_type, group_value)


def girls_share_figure(figures: PublicFigures, lang: str) -> go.Figure:
    years = figures.cohort_years()
    cells = [girls_share_cells(figures, y) for y in years]
    name = Text("女生占比", "Share of girls")(lang)
    figure = go.Figure(go.Scatter(
        x=years, y=[c.number for c in cells], mode="lines+markers", name=name,
        line={"color": GENDER_COLOURS["女"]},
        hovertext=[f"{name} {y}: {c.label(RATE, lang)}" for y, c in zip(years, cells, strict=True)],
        hoverinfo="text",
    ))
    figure.add_hline(y=0.5, line={"dash": "dot", "color": "#9aa5b1"})
    title = Text("女生占比（按入选年份）", "Share of girls by cohort")
    figure.update_layout(**base_layout(title, lang, 360, xaxis=_years_axis(lang),
                                       yaxis=_axis(UI["share"], lang, tickformat=".0%", range=[0, 1]),
                                       showlegend=False))
    return figure


def provinces_reached(figures: PublicFigures, year: int | None) -> Cell:
    """Reporting units with at least one student: an empty group has no row, so a
    hidden cohort size is 1 or more and counts as reached without its number."""
    cells = [figures.cell("cohort_size", year, "province", code) for code in PROVINCE_CODES]
    if all(not c.shown and not c.hidden for c in cells):
        return Cell()
    return Cell(float(sum(1 for c in cells if c.hidden or (c.shown and c.value > 0))), "shown")


REACH_LINES = (
    ("schools", Text("覆盖中学", "Schools reached"), PALETTE[0]),
    ("universities", Text("参与高校", "Universities engaged"), PALETTE[1]),
    ("mentors", Text("参与导师", "Mentors engaged"), PALETTE[2]),
)


def reach_figure(figures: PublicFigures, lang: str) -> go.Figure:
    """Reporting units, schools, universities and mentors reached per cohort year."""
    years = figures.cohort_years()
    figure = go.Figure()
    units = [provinces_reached(figures, y) for y in years]
    name = Text("覆盖省级单位（共32个）", "Reporting units reached (of 32)")(lang)
    figure.add_trace(go.Bar(
        x=years, y=[c.number for c in units], name=name, marker_color="#bcccdc", yaxis="y2",
        hovertext=[f"{name} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, units, strict=True)],
        hoverinfo="text",
    ))
    for measure, label, colour in REACH_LINES:
        cells = [figures.reach_cell(y, measure) for y in years]
        figure.add_trace(go.Scatter(
            x=years, y=[c.number for c in cells], mode="lines+markers", name=label(lang),
            line={"color": colour},
            hovertext=[f"{label(lang)} {y}: {c.label(COUNT, lang)}" for y, c in zip(years, cells, strict=True)],
            hoverinfo="text",
        ))
    title = Text("覆盖面：省级单位、中学、高校与导师", "Reach: reporting units, schools, universities, mentors")
    figure.update_layout(**base_layout(
        title, lang, 360, xaxis=_years_axis(lang), yaxis=_axis(Text("数量", "Number"), lang, rangemode="tozero"),
        yaxis2={"overlaying": "y", "side": "right", "range": [0, 33], "showgrid": False,
                "tickvals": [0, 8, 16, 24, 32],
                "title": {"text": Text("省级单位", "Units")(lang)}},
        margin={"l": 60, "r": 60, "t": 50 if figures.reach_published else 75, "b": 50},
    ))
    if not figures.reach_published:
        figure.add_annotation(
            text=Text("中学、高校与导师数尚未发布",
                      "schools, universities and mentors not yet published")(lang),
            showarrow=False, xref="paper", yref="paper", x=0, y=1.02, xanchor="left", yanchor="bottom",
            font={"size": 11, "color": "#7b8794"},
        )
    return figure


# --- the whole path of a cohort -------------------------------------------------------

@dataclass(frozen=True)
class PathStep:
    """One figure on the path of a cohort: `metric` at `horizon` (the value, or `field`
    of its row), with the follow-up coverage beside it when it rests on survey answers."""

    stage: Text
    label: Text
    metric: str
    kind: str
    horizon: int | None = None
    field: str = "value"
    from_survey: bool = False
    all_cohorts_only: bool = False  # the Kaplan–Meier estimate has all-cohort rows only


H = SUMMARY_TOPNOTCH_HORIZON
STAGES = {
    "applied": Text("申请", "Applied"), "selected": Text("入选", "Selected"),
    "trained": Text("培养", "Trained"), "completed": Text("结业", "Completed"),
    "reached": Text("跟踪到", "Reached by follow-up"), "university": Text("进入大学", "University"),
    "topnotch": Text("拔尖计划", "Top-Notch Programme"), "graduate": Text("研究生", "Graduate study"),
}
PATH_STEPS = (
    PathStep(STAGES["applied"], Text("申请人数", "Applicants"), "applicants", COUNT),
    PathStep(STAGES["selected"], Text("入选率（入选 / 申请）", "Selection rate (selected / applicants)"),
             "selection_rate", RATE),
    PathStep(STAGES["selected"], L.METRIC["cohort_size"], "cohort_size", COUNT),
    PathStep(STAGES["trained"], L.METRIC["training_hours_median"], "training_hours_median", HOURS),
    PathStep(STAGES["trained"], L.METRIC["training_hours_mean"], "training_hours_mean", HOURS),
    PathStep(STAGES["completed"], L.METRIC["completion_rate"], "completion_rate", RATE),
    PathStep(STAGES["reached"], L.METRIC["ever_reached"], "ever_reached", RATE),
    PathStep(STAGES["university"], Text("进入大学人数", "Entered university"), "qiangji_rate", COUNT,
             field="denominator", from_survey=True),
    PathStep(STAGES["university"], L.METRIC["qiangji_rate"], "qiangji_rate", RATE, from_survey=True),
    PathStep(STAGES["university"], L.METRIC["basic_major_rate"], "basic_major_rate", RATE, from_survey=True),
    PathStep(STAGES["topnotch"], Text(f"{H}年拔尖计划入选率（下限）", f"{H}-year Top-Notch rate (lower bound)"),
             "topnotch_rate", RATE, horizon=H, from_survey=True),
    PathStep(STAGES["topnotch"], Text(f"{H}年累计入选率（K–M 估计，全部届次）",
                                      f"{H}-year cumulative incidence (K–M estimate, all cohorts)"),
             "topnotch_km", RATE, horizon=H, from_survey=True, all_cohorts_only=True),
    PathStep(STAGES["graduate"], L.METRIC["graduate_rate"], "graduate_rate", RATE, from_survey=True),
)


def path_cell(figures: PublicFigures, step: PathStep, cohort_year: int | None) -> Cell:
    return figures.cell(step.metric, cohort_year, horizon=step.horizon, field=step.field)


def path_count(figures: PublicFigures, step: PathStep, cohort_year: int | None) -> str:
    """numerator / denominator of a rate as published (`<5` and `*` as marked)."""
    if step.kind != RATE or step.metric == "topnotch_km":
        return ""
    numerator, denominator = (figures.cell(step.metric, cohort_year, horizon=step.horizon, field=f)
                              for f in ("numerator", "denominator"))
    return f"{figure_text(numerator, COUNT)} / {figure_text(denominator, COUNT)}"


def path_table(figures: PublicFigures, cohort_year: int | None) -> str:
    """The path of cohort `cohort_year` (all cohorts when None), national figures: stage,
    figure, value with interval, persons, coverage, and the change from the previous
    cohort where against_previous marks one."""
    years = figures.cohort_years()
    previous = (years[years.index(cohort_year) - 1]
                if cohort_year is not None and cohort_year in years and years.index(cohort_year) > 0 else None)
    coverage = figures.cell("ever_reached", cohort_year)
    head = "".join(f'<th class="text">{t(text)}</th>' for text in (
        Text("阶段", "Stage"), Text("指标", "Figure"))) + "".join(f"<th>{t(text)}</th>" for text in (
        Text("数值（95% 置信区间）", "Value (95% interval)"), Text("人数 / 基数", "Persons / base"),
        PAGES["coverage"], Text("与上届相比", "Against the previous cohort")))
    rows = []
    steps = [s for s in PATH_STEPS if cohort_year is None or not s.all_cohorts_only]
    for index, step in enumerate(steps):
        span = 0 if index and steps[index - 1].stage == step.stage else sum(
            1 for _ in takewhile(lambda s: s.stage == step.stage, steps[index:]))
        stage = f'<td class="text" rowspan="{span}">{t(step.stage)}</td>' if span else ""
        cell = path_cell(figures, step, cohort_year)
        change = ""
        if previous is not None and step.kind == RATE:
            direction = against_previous(cell, path_cell(figures, step, previous))
            if direction:
                change = mark_markup(direction, PAGES["up"], PAGES["down"]) + t(
                    PAGES["up"] if direction > 0 else PAGES["down"])
        key = f"{step.metric}{'' if step.field == 'value' else '.' + step.field}|{cohort_year or 'all'}"
        rows.append(
            f'<tr data-step="{esc(step.metric)}">{stage}<td class="text">{t(step.label)}</td>'
            + cell_markup(cell, step.kind, key, step.metric)
            + f"<td>{esc(path_count(figures, step, cohort_year))}</td>"
            + (cell_markup(coverage, RATE, f"coverage|{step.metric}|{cohort_year or 'all'}", "ever_reached",
                           interval=False) if step.from_survey else "<td></td>")
            + f"<td>{change}</td></tr>"
        )
    return (f'<div class="table-wrap"><table class="data path"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def path_options(figures: PublicFigures) -> list[tuple[str, Text, str]]:
    """The path table of all cohorts, then of each cohort, the newest first."""
    options = [("all", Text("全部届次合计", "All cohorts"), path_table(figures, None))]
    for year in reversed(figures.cohort_years()):
        options.append((str(year), Text(f"{year}届", f"Cohort {year}"), path_table(figures, year)))
    return options


# --- the page --------------------------------------------------------------------------

def kpis(figures: PublicFigures) -> list[tuple[Text, Text, Text]]:
    """(label, value, detail) of the figures at the top of the overview."""
    years = figures.cohort_years()
    span = f"{years[0]}–{years[-1]}" if years else "—"
    students = figures.cell("cohort_size")
    units = provinces_reached(figures, None)
    km = figures.cell("topnotch_km", None, horizon=KM_SUMMARY_HORIZON)
    def both(cell: Cell, kind: str, interval: bool = False) -> Text:
        return Text(cell.text(kind, "zh", interval=interval), cell.text(kind, "en", interval=interval))
    return [
        (Text("累计入选学生", "Students selected"), both(students, COUNT), Text(f"{span} 年", span)),
        (Text("届数", "Cohorts"), Text(str(len(years)), str(len(years))), Text(span, span)),
        (Text("覆盖省级单位", "Reporting units reached"), both(units, COUNT), Text("共32个", "of 32")),
        (L.METRIC["completion_rate"], both(figures.cell("completion_rate"), RATE),
         Text("已有考核数据的各届合计", "cohorts with assessment data")),
        (L.METRIC["ever_reached"], both(figures.cell("ever_reached"), RATE),
         Text("至少回答过一次跟踪调查", "answered at least one survey")),
        (Text(f"{KM_SUMMARY_HORIZON}年累计入选拔尖计划（K–M 估计）", f"Top-Notch within {KM_SUMMARY_HORIZON} years (K–M estimate)"),
         both(km, RATE), interval_text(km)),
    ]


def interval_text(cell: Cell) -> Text:
    if not cell.has_interval:
        return Text("", "")
    span = f"{cell.ci_low * 100:.1f}%–{cell.ci_high * 100:.1f}%"
    return Text(f"95% 置信区间 {span}", f"95% interval {span}")


def kpi_markup(items: list[tuple[Text, Text, Text]]) -> str:
    return '<div class="kpis">' + "".join(
        f'<div class="kpi"><div class="label">{t(label)}</div><div class="value">{t(value)}</div>'
        f'<div class="detail">{t(detail)}</div></div>'
        for label, value, detail in items
    ) + "</div>"


def overview_page(figures: PublicFigures) -> Page:
    page = Page("overview", UI["overview_title"], Text(
        "全国各届学生的入选、培养、跟踪与进入拔尖计划的情况。所有数字均来自已做小单元格保护的公开数据。",
        "Selection, training, follow-up and progression into the Top-Notch Programme, nationally. "
        "Every figure comes from the small-cell-suppressed public data.",
    ))
    page.raw(kpi_markup(kpis(figures)))

    page.heading(Text("一届学生的完整路径", "The whole path of a cohort"), "path")
    page.variants("cohort-path", Text("届次", "Cohort"), path_options(figures))
    page.paragraph(Text(
        "全国数字。比率后为 Wilson 95% 置信区间（K–M 为 Greenwood 区间）。来自跟踪调查的数字旁给出同届的跟踪覆盖："
        "未回答调查者按未进入大学、未入选拔尖计划、未读研究生计算。" + PAGES["two_topnotch"].zh,
        "National figures. Rates carry their Wilson 95% interval (Greenwood for K–M). Beside each figure from "
        "the follow-up survey stands the coverage of the same cohorts: non-responders count as not at university, "
        "not in the Top-Notch Programme, not in graduate study. " + PAGES["two_topnotch"].en))

    page.heading(Text("入选与培养", "Selection and training"), "cohorts")
    page.grid(True)
    page.figure("cohort-sizes", {"all": in_both_languages(lambda l: cohort_sizes_figure(figures, l))},
                Text("各年度入选学生数", "Students selected per cohort"))
    page.figure("completion", {"all": in_both_languages(lambda l: completion_figure(figures, l))},
                Text("结业率与优秀率", "Completion and excellence"),
                caption=Text("阴影为 Wilson 95% 置信区间；尚无考核数据的届次不画出（进行中）。",
                             "Shaded: Wilson 95% intervals. Cohorts without assessment data are not drawn (in progress)."))
    page.grid(False)

    page.heading(Text("培养路径与拔尖计划", "Pathway and the Top-Notch Programme"), "pathway")
    page.grid(True)
    page.figure("pathway", {"all": in_both_languages(lambda l: pathway_figure(figures, l))},
                Text("培养路径", "Pathway"),
                caption=Text(
                    "各阶段人数为观察满期各届之和；未回答跟踪调查者按未进入下一阶段计（下限）。"
                    "进入大学、专业与拔尖计划来自跟踪调查，各阶段不一定逐级包含。",
                    "Each stage sums the cohorts observed long enough; non-responders count as not reaching "
                    "a stage (a lower bound). University, major and Top-Notch come from the follow-up survey; "
                    "the stages need not be nested."))
    page.figure("km-discipline", {"all": in_both_languages(lambda l: km_figure(figures, "discipline", l))},
                Text("拔尖计划累计入选率（按学科）", "Top-Notch cumulative incidence by discipline"),
                caption=Text("全部届次合并；阴影为 Greenwood log(−log) 95% 置信区间（尚无人入选时为精确单侧上界）；删失按 Kaplan–Meier 处理。",
                             "All cohorts pooled; shaded: Greenwood log(−log) 95% intervals (the exact one-sided bound before any event); "
                             "censoring handled by Kaplan–Meier."))
    page.figure("km-gender", {"all": in_both_languages(lambda l: km_figure(figures, "gender", l))},
                Text("拔尖计划累计入选率（按性别）", "Top-Notch cumulative incidence by gender"))
    page.grid(False)

    page.heading(Text("培养学时与升学去向", "Training hours and destinations"), "destinations")
    page.grid(True)
    page.figure("training-hours", {"all": in_both_languages(lambda l: training_hours_figure(figures, l))},
                Text("培养学时", "Training hours"),
                caption=Text("每名学生的已接受培养学时之和（无培养记录计 0）的中位数与平均数。",
                             "Median and mean of each student's accepted training hours (0 without training records)."))
    page.figure("destinations", {"all": in_both_languages(lambda l: destinations_figure(figures, l))},
                Text("升学去向与跟踪覆盖", "Destinations and coverage"),
                caption=Text(
                    "强基计划与基础学科专业比例以进入大学者为基数，研究生在读比例以全届为基数（入选满6年的届次）。"
                    "虚线为同届的跟踪覆盖：未回答调查者按未升学计算，覆盖低时比例偏低。",
                    "强基计划 and basic-discipline majors are shares of those who entered university; graduate study "
                    "is a share of the whole cohort (cohorts selected 6 or more years ago). Dotted: the coverage of the "
                    "same cohort; non-responders count as not progressing, so a low coverage lowers the rates."))
    page.grid(False)

    page.heading(Text("跟踪调查", "Follow-up"), "followup")
    page.figure("coverage", {"all": in_both_languages(lambda l: coverage_heatmap(figures, l))},
                Text("跟踪调查覆盖率", "Follow-up coverage"), height=460,
                caption=Text("覆盖率 = 该届在该调查年份回答了调查的人数 / 该届人数。未回答不等于未升学。",
                             "Coverage = persons of the cohort who answered that year's survey / cohort size. "
                             "Not answering does not mean not progressing."))

    page.heading(Text("公平与覆盖面", "Equity and reach"), "equity")
    page.grid(True)
    page.figure("girls", {"all": in_both_languages(lambda l: girls_share_figure(figures, l))},
                Text("女生占比", "Share of girls"), height=360)
    page.figure("reach", {"all": in_both_languages(lambda l: reach_figure(figures, l))},
                Text("覆盖面", "Reach"), height=360)
    page.grid(False)
    return page
