"""The measures of the annual assessment for year Y and their figures, nationally and for
each reporting unit, this year and the year before.

Each measure reads public figures only. Where a measure is derived (a share, a sum over
cohorts) it is computed only from shown figures; if any part is hidden the measure is
withheld (see dashboards.cells).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards import labels as L
from dashboards.cells import COUNT, RATE, Cell, ratio, total
from dashboards.labels import Text
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PublicFigures
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON

TOPNOTCH_HORIZON = SUMMARY_TOPNOTCH_HORIZON
Getter = Callable[[PublicFigures, int, str, str], Cell]


def students_through(figures: PublicFigures, year: int, group_type: str, group_value: str) -> Cell:
    """Students selected in all cohorts up to `year`: the pooled cohort size when `year`
    is the latest cohort, else the sum of the cohorts, withheld when one is hidden (a
    partial sum beside the published ones could give a hidden cohort back)."""
    years = [y for y in figures.cohort_years() if y <= year]
    if not years:
        return Cell()
    if years[-1] == figures.cohort_years()[-1]:
        return figures.cell("cohort_size", None, group_type, group_value)
    return total(figures.cell("cohort_size", y, group_type, group_value) for y in years)


def alumni_coverage(figures: PublicFigures, year: int, group_type: str, group_value: str) -> Cell:
    """Of all alumni (cohorts before `year`), the share who answered the survey of `year`.
    From public.annual_reach when published; else from followup_coverage of each earlier
    cohort at horizon year − Y, summed only when every part is shown."""
    if figures.reach_published:
        return ratio(figures.reach_cell(year, "alumni_responded", group_type, group_value),
                     figures.reach_cell(year, "alumni", group_type, group_value))
    cohorts = [y for y in figures.cohort_years() if y < year]
    horizon = figures.data_horizon()
    if not cohorts or horizon is None or year > horizon:
        return Cell()
    responded = total(figures.cell("followup_coverage", y, group_type, group_value, year - y, "numerator")
                      for y in cohorts)
    alumni = total(figures.cell("followup_coverage", y, group_type, group_value, year - y, "denominator")
                   for y in cohorts)
    return ratio(responded, alumni)


def girls_share(figures: PublicFigures, year: int, group_type: str, group_value: str) -> Cell:
    """Girls' share of cohort `year`: nationally from the gender groups of metric_values,
    for a unit from public.annual_reach (metric_values has no province × gender cells)."""
    if group_type == NATIONAL_TYPE:
        return ratio(figures.cell("cohort_size", year, "gender", "女"), figures.cell("cohort_size", year))
    return ratio(figures.reach_cell(year, "girls", group_type, group_value),
                 figures.reach_cell(year, "students", group_type, group_value))


@dataclass(frozen=True)
class Measure:
    key: str
    label: Text
    kind: str
    definition: Text
    cell: Getter
    interval: bool = False
    source: str = "metric_values"  # or annual_reach


def _reach(measure: str, detail: str | None = None) -> Getter:
    return lambda f, y, g, v: f.reach_cell(y, measure, g, v, detail)


MEASURES: tuple[Measure, ...] = (
    Measure("students", Text("当年入选学生", "Students selected in Y"), COUNT,
            Text("Y 年入选（入选年份为 Y）的学生人数。", "Persons whose cohort year is Y."),
            lambda f, y, g, v: f.cell("cohort_size", y, g, v)),
    Measure("students_total", Text("累计入选学生", "Students selected to date"), COUNT,
            Text("截至 Y 年各届入选学生之和。", "Persons of all cohorts up to and including Y."),
            students_through),
    Measure("universities", Text("参与高校", "Universities engaged"), COUNT,
            Text("Y 届学生的培养高校数（不重复）。", "Distinct training universities of cohort Y."),
            _reach("universities"), source="annual_reach"),
    Measure("mentors", Text("参与导师", "Mentors engaged"), COUNT,
            Text("Y 届学生的导师数（不重复），另按职称列出。", "Distinct mentors of cohort Y, also by title."),
            _reach("mentors"), source="annual_reach"),
    Measure("completion_rate", Text("当届结业率", "Completion, cohort Y"), RATE,
            Text("Y 届中结业考核为优秀或合格者的比例；尚无考核数据时为“暂无”。",
                 "Share of cohort Y with a final assessment 优秀 or 合格; n/a while assessment data is missing."),
            lambda f, y, g, v: f.cell("completion_rate", y, g, v), interval=True),
    Measure("alumni_coverage", Text("校友跟踪覆盖率", "Follow-up coverage of alumni"), RATE,
            Text("Y 年以前各届校友中回答了 Y 年跟踪调查的比例。",
                 "Share of all alumni (cohorts before Y) who answered the survey of year Y."),
            alumni_coverage),
    Measure("topnotch_rate", Text(f"Y−{TOPNOTCH_HORIZON} 届 {TOPNOTCH_HORIZON} 年拔尖计划入选率",
                                  f"{TOPNOTCH_HORIZON}-year Top-Notch rate, cohort Y−{TOPNOTCH_HORIZON}"), RATE,
            Text(f"Y−{TOPNOTCH_HORIZON} 届学生中入选后 {TOPNOTCH_HORIZON} 年内入选拔尖计划的比例（未回答者按未入选计，"
                 "为下限），附 Wilson 95% 置信区间。",
                 f"Share of cohort Y−{TOPNOTCH_HORIZON} selected into a Top-Notch base within "
                 f"{TOPNOTCH_HORIZON} years (non-responders count as not selected: a lower bound), with the "
                 "Wilson 95% interval."),
            lambda f, y, g, v: f.cell("topnotch_rate", y - TOPNOTCH_HORIZON, g, v, TOPNOTCH_HORIZON),
            interval=True),
    Measure("girls_share", Text("女生占比", "Share of girls"), RATE,
            Text("Y 届学生中女生的比例。", "Share of girls in cohort Y."), girls_share),
    Measure("schools", Text("覆盖中学", "Schools reached"), COUNT,
            Text("Y 届学生就读的中学数（不重复）。", "Distinct secondary schools of cohort Y."),
            _reach("schools"), source="annual_reach"),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
MENTOR_TITLE_MEASURES: tuple[Measure, ...] = tuple(
    Measure(f"mentors_{title}", Text(f"导师：{title}", f"Mentors: {L.MENTOR_TITLE[title]}"), COUNT,
            Text(f"Y 届学生中职称为{title}的导师数。", f"Distinct mentors of cohort Y titled {title}."),
            _reach("mentors", title), source="annual_reach")
    for title in MENTOR_TITLES
)


@dataclass(frozen=True)
class Figures:
    """One measure of one unit: this year, last year."""

    current: Cell
    previous: Cell


@dataclass(frozen=True)
class Unit:
    group_type: str
    code: str
    name: Text
    figures: dict[str, Figures]  # measure key → figures


@dataclass(frozen=True)
class Scorecard:
    year: int
    national: Unit
    units: list[Unit]  # the 32 reporting units, in code order
    reach_published: bool

    def all_units(self) -> list[Unit]:
        return [self.national, *self.units]


def _unit(figures: PublicFigures, year: int, group_type: str, code: str, name: Text) -> Unit:
    measures = (*MEASURES, *MENTOR_TITLE_MEASURES)
    return Unit(group_type, code, name, {
        m.key: Figures(m.cell(figures, year, group_type, code), m.cell(figures, year - 1, group_type, code))
        for m in measures
    })


def build_scorecard(figures: PublicFigures, year: int) -> Scorecard:
    return Scorecard(
        year=year,
        national=_unit(figures, year, NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL),
        units=[_unit(figures, year, "province", code, L.province(code, full=True)) for code in PROVINCE_CODES],
        reach_published=figures.reach_published,
    )


# --- the national summary ------------------------------------------------------------

TREND_COLUMNS: tuple[tuple[str, Text, str, Callable[[PublicFigures, int], Cell], bool], ...] = (
    ("students", L.METRIC["cohort_size"], COUNT, lambda f, y: f.cell("cohort_size", y), False),
    ("girls_share", Text("女生占比", "Share of girls"), RATE, lambda f, y: girls_share(f, y, NATIONAL_TYPE, NATIONAL_VALUE), False),
    ("completion_rate", L.METRIC["completion_rate"], RATE, lambda f, y: f.cell("completion_rate", y), True),
    ("excellence_rate", L.METRIC["excellence_rate"], RATE, lambda f, y: f.cell("excellence_rate", y), False),
    ("ever_reached", L.METRIC["ever_reached"], RATE, lambda f, y: f.cell("ever_reached", y), False),
    ("topnotch_rate", Text(f"{TOPNOTCH_HORIZON}年拔尖计划入选率", f"{TOPNOTCH_HORIZON}-year Top-Notch rate"), RATE,
     lambda f, y: f.cell("topnotch_rate", y, horizon=TOPNOTCH_HORIZON), True),
)


def national_trends(figures: PublicFigures, year: int) -> list[tuple[int, dict[str, Cell]]]:
    """Per cohort year up to `year`: the national figures of TREND_COLUMNS."""
    return [
        (y, {key: getter(figures, y) for key, _, _, getter, _ in TREND_COLUMNS})
        for y in figures.cohort_years() if y <= year
    ]


def km_curve(figures: PublicFigures) -> list[tuple[int, Cell]]:
    """The national Kaplan–Meier cumulative incidence, h = 1 … 8 (all cohorts pooled)."""
    return [(h, figures.cell("topnotch_km", None, horizon=h)) for h in range(1, 9)]
