"""The measures of the annual assessment for year Y and their figures, nationally and for
each reporting unit, this year and the year before, in one edition (dashboards.public).

The measures follow the path of a cohort (metrics.md): applied → selected → trained →
completed → reached by follow-up → university (强基计划, basic-discipline majors) →
Top-Notch → graduate study. A figure that rests on survey answers carries its coverage:
the `ever_reached` of the same group and cohort(s), the share of people it can see at all.
Where a measure is derived (a share, a sum over cohorts) it is computed only from shown
figures; if any part is hidden the measure is withheld (see dashboards.cells).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards import labels as L
from dashboards.cells import COUNT, HOURS, RATE, Cell, total
from dashboards.labels import Text
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PublicFigures
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.registry.metrics import SUMMARY_TOPNOTCH_HORIZON, THREE_COHORTS

TOPNOTCH_HORIZON = SUMMARY_TOPNOTCH_HORIZON
# Years from selection at which a cohort's university and graduate figures are read: the
# university figures with the Top-Notch rate at h = 4, graduate study once defined (Y + 6 ≤ H).
UNIVERSITY_OFFSET, GRADUATE_OFFSET, FIRST_FOLLOWUP_OFFSET = TOPNOTCH_HORIZON, 6, 1
Getter = Callable[[PublicFigures, int, str, str], Cell]  # (figures, year, group_type, group_value)

# The two Top-Notch figures, as what they are (wherever both appear).
LOWER_BOUND = Text("下限", "lower bound")
ESTIMATE = Text("估计", "estimate")
TWO_TOPNOTCH_FIGURES = Text(
    f"两种拔尖计划入选率并不矛盾：固定期限入选率只看已满 {TOPNOTCH_HORIZON} 年的届次，并把未回答调查者按未入选计，"
    "是下限；Kaplan–Meier 累计入选率合并全部届次，用每届已观察到的年份估计，未回答者不计为未入选，"
    "因此通常更高。",
    f"The two Top-Notch figures do not contradict each other: the fixed-horizon rate uses only cohorts "
    f"observed {TOPNOTCH_HORIZON} years and counts non-responders as not selected, a lower bound; the "
    "Kaplan–Meier incidence pools all cohorts, using what each cohort has been observed, and does not "
    "count non-responders as not selected, so it is usually higher.",
)


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


@dataclass(frozen=True)
class Measure:
    key: str
    label: Text
    kind: str
    definition: Text
    cell: Getter
    interval: bool = False
    coverage: Getter | None = None  # ever_reached of the same group and cohort(s)
    previous: bool = True  # whether the year before has the figure (a three-cohort row has one year)
    offset: int | None = None  # the figure is of cohort Y − offset (None: of year Y itself)

    def previous_label(self, year: int) -> Text:
        """What the previous-year column holds: the figure a year earlier (a cohort earlier)."""
        if self.offset is None:
            return Text(f"{self.label.zh} {year - 1}", f"{self.label.en} {year - 1}")
        cohort = year - 1 - self.offset
        return Text(f"{self.label.zh}（上年：{cohort} 届）", f"{self.label.en} (previous: cohort {cohort})")


def _metric(metric: str, offset: int = 0, horizon: int | None = None) -> Getter:
    return lambda f, y, g, v: f.cell(metric, y - offset, g, v, horizon)


def _reach(measure: str, detail: str | None = None) -> Getter:
    return lambda f, y, g, v: f.reach_cell(y, measure, g, v, detail)


def _reached(offset: int) -> Getter:
    return lambda f, y, g, v: f.cell("ever_reached", y - offset, g, v)


def _cohort(year: int, offset: int) -> Text:
    return Text(f"{year - offset} 届", f"cohort {year - offset}")


def _pooled_measures(figures: PublicFigures, year: int) -> list[Measure]:
    """The three-cohort rates of the rare outcomes (published also where a unit's single
    cohort is withheld), where the latest three cohorts are no later than this year's."""
    measures = []
    for key, metric, horizon, offset, name in (
        ("topnotch_rate_3", "topnotch_rate", TOPNOTCH_HORIZON, TOPNOTCH_HORIZON,
         Text(f"{TOPNOTCH_HORIZON} 年拔尖计划入选率（{LOWER_BOUND.zh}）", f"{TOPNOTCH_HORIZON}-year Top-Notch rate ({LOWER_BOUND.en})")),
        ("qiangji_rate_3", "qiangji_rate", None, UNIVERSITY_OFFSET, Text("强基计划录取比例", "强基计划 admission rate")),
        ("graduate_rate_3", "graduate_rate", None, GRADUATE_OFFSET, Text("研究生在读比例", "Graduate-study rate")),
    ):
        cohorts = figures.three_cohort_years(metric, horizon)
        if not cohorts or cohorts[-1] > year:
            continue
        latest = cohorts[-1]
        span = Text(f"{cohorts[0]}–{cohorts[-1]} 届合并", f"cohorts {cohorts[0]}–{cohorts[-1]} pooled")
        measures.append(Measure(
            key, Text(f"{name.zh}，{span.zh}", f"{name.en}, {span.en}"), RATE,
            Text(f"{span.zh}的{name.zh}：三届合计的人数之比，小单位的稀有结果由此得以公布。",
                 f"{name.en} of {span.en}: the three cohorts' counts summed, so that small units' rare "
                 "outcomes can be published."),
            lambda f, y, g, v, metric=metric, latest=latest, horizon=horizon:
                f.cell(metric, latest, g, v, horizon, cohorts_pooled=THREE_COHORTS),
            interval=True,
            coverage=lambda f, y, g, v, cohorts=cohorts: f.reached_over(cohorts, g, v),
            previous=False,
        ))
    return measures


def measures(figures: PublicFigures, year: int) -> tuple[Measure, ...]:
    """The assessment's measures for `year`, in the order of a cohort's path."""
    university, graduate, reached = (_cohort(year, UNIVERSITY_OFFSET), _cohort(year, GRADUATE_OFFSET),
                                     _cohort(year, FIRST_FOLLOWUP_OFFSET))
    h = TOPNOTCH_HORIZON
    return (
        Measure("applicants", Text("申请人数", "Applicants"), COUNT,
                Text("Y 年申请英才计划的人数（每人每年计一次）。", "Persons who applied in year Y (once a year each)."),
                _metric("applicants")),
        Measure("selection_rate", Text("申请者入选率", "Share of applicants selected"), RATE,
                Text("Y 年申请者中入选者的比例。", "Share of year Y's applicants marked selected."),
                _metric("selection_rate"), interval=True),
        Measure("students", Text("当年入选学生", "Students selected in Y"), COUNT,
                Text("Y 年入选（入选年份为 Y）的学生人数。", "Persons whose cohort year is Y."),
                _metric("cohort_size")),
        Measure("students_total", Text("累计入选学生", "Students selected to date"), COUNT,
                Text("截至 Y 年各届入选学生之和。", "Persons of all cohorts up to and including Y."),
                students_through),
        Measure("girls_share", Text("女生占比", "Share of girls"), RATE,
                Text("Y 届学生中女生的比例。", "Share of girls in cohort Y."), _reach("girls_share"), interval=True),
        Measure("schools", Text("覆盖中学", "Schools reached"), COUNT,
                Text("Y 届学生就读的中学数（不重复）。", "Distinct secondary schools of cohort Y."), _reach("schools")),
        Measure("universities", Text("参与高校", "Universities engaged"), COUNT,
                Text("Y 届学生的培养高校数（不重复）。", "Distinct training universities of cohort Y."),
                _reach("universities")),
        Measure("mentors", Text("参与导师", "Mentors engaged"), COUNT,
                Text("Y 届学生的导师数（不重复），另按职称列出。", "Distinct mentors of cohort Y, also by title."),
                _reach("mentors")),
        Measure("training_hours_mean", Text("人均培养学时", "Mean training hours"), HOURS,
                Text("Y 届学生人均培养学时（无培养记录者计 0）。",
                     "Mean training hours of cohort Y (0 for a student without training records)."),
                _metric("training_hours_mean")),
        Measure("completion_rate", Text("当届结业率", "Completion, cohort Y"), RATE,
                Text("Y 届中结业考核为优秀或合格者的比例。", "Share of cohort Y with a final assessment 优秀 or 合格."),
                _metric("completion_rate"), interval=True),
        Measure("survey_response_rate", Text("校友跟踪覆盖率", "Alumni survey response rate"), RATE,
                Text("Y 年以前各届校友中回答了 Y 年跟踪调查的比例，按本单位自己的人数计算。",
                     "Share of the unit's alumni (cohorts before Y) who answered the survey of year Y, from the "
                     "unit's own counts."),
                _reach("survey_response_rate"), interval=True),
        Measure("ever_reached", Text(f"{reached.zh}曾跟踪到的比例", f"Ever reached by follow-up, {reached.en}"), RATE,
                Text("该届学生中至少回答过一次跟踪调查的比例：以下各项调查指标所能看到的人群。",
                     "Share of the cohort with at least one survey response: the people the survey-based "
                     "figures can see at all."),
                _reached(FIRST_FOLLOWUP_OFFSET), interval=True, offset=FIRST_FOLLOWUP_OFFSET),
        Measure("qiangji_rate", Text(f"{university.zh}强基计划录取比例", f"强基计划 admission rate, {university.en}"), RATE,
                Text("进入大学者中经强基计划录取的比例（依据跟踪调查）。",
                     "Among those who entered university, the share admitted through the 强基计划 (from the survey)."),
                _metric("qiangji_rate", UNIVERSITY_OFFSET), interval=True, coverage=_reached(UNIVERSITY_OFFSET),
                offset=UNIVERSITY_OFFSET),
        Measure("basic_major_rate", Text(f"{university.zh}基础学科专业比例", f"Basic-discipline majors, {university.en}"),
                RATE,
                Text("进入大学且专业类别已知者中就读基础学科专业的比例（依据跟踪调查）。",
                     "Among those in university with a known major category, the share in a basic discipline."),
                _metric("basic_major_rate", UNIVERSITY_OFFSET), interval=True, coverage=_reached(UNIVERSITY_OFFSET),
                offset=UNIVERSITY_OFFSET),
        Measure("topnotch_rate", Text(f"{university.zh} {h} 年拔尖计划入选率（{LOWER_BOUND.zh}）",
                                      f"{h}-year Top-Notch rate, {university.en} ({LOWER_BOUND.en})"), RATE,
                Text(f"该届学生中入选后 {h} 年内入选拔尖计划的比例；未回答者按未入选计，因此是下限。",
                     f"Share of the cohort selected into a Top-Notch base within {h} years; non-responders count "
                     "as not selected, so it is a lower bound."),
                _metric("topnotch_rate", UNIVERSITY_OFFSET, h), interval=True, coverage=_reached(UNIVERSITY_OFFSET),
                offset=UNIVERSITY_OFFSET),
        Measure("topnotch_km", Text(f"{h} 年拔尖计划累计入选率（Kaplan–Meier {ESTIMATE.zh}，全部届次）",
                                    f"{h}-year Top-Notch cumulative incidence (Kaplan–Meier {ESTIMATE.en}, all cohorts)"),
                RATE,
                Text("合并全部届次、用每届已观察到的年份估计的累计入选率。",
                     "Cumulative incidence over all cohorts, using what each cohort has been observed."),
                lambda f, y, g, v: f.cell("topnotch_km", None, g, v, h), interval=True,
                coverage=lambda f, y, g, v: f.cell("ever_reached", None, g, v), previous=False),
        Measure("graduate_rate", Text(f"{graduate.zh}研究生在读比例", f"Graduate-study rate, {graduate.en}"), RATE,
                Text("该届学生中报告研究生在读者的比例（入选后满 6 年的届次）。",
                     "Share of the cohort reporting graduate study (cohorts observed 6 years)."),
                _metric("graduate_rate", GRADUATE_OFFSET), interval=True, coverage=_reached(GRADUATE_OFFSET),
                offset=GRADUATE_OFFSET),
        *_pooled_measures(figures, year),
    )


MENTOR_TITLE_MEASURES: tuple[Measure, ...] = tuple(
    Measure(f"mentors_{title}", Text(f"导师：{title}", f"Mentors: {L.MENTOR_TITLE[title]}"), COUNT,
            Text(f"Y 届学生中职称为{title}的导师数。", f"Distinct mentors of cohort Y titled {title}."),
            _reach("mentors", title))
    for title in MENTOR_TITLES
)


@dataclass(frozen=True)
class Figures:
    """One measure of one unit: this year, last year, and the coverage beside it."""

    current: Cell
    previous: Cell | None
    coverage: Cell | None


@dataclass(frozen=True)
class Unit:
    group_type: str
    code: str
    name: Text
    figures: dict[str, Figures]  # measure key → figures


@dataclass(frozen=True)
class Scorecard:
    year: int
    edition: str
    measures: tuple[Measure, ...]
    national: Unit
    units: list[Unit]  # the 32 reporting units, in code order

    def all_units(self) -> list[Unit]:
        return [self.national, *self.units]

    def measure(self, key: str) -> Measure:
        return next(m for m in (*self.measures, *MENTOR_TITLE_MEASURES) if m.key == key)


def _unit(figures: PublicFigures, items: tuple[Measure, ...], year: int, group_type: str, code: str,
          name: Text) -> Unit:
    return Unit(group_type, code, name, {
        m.key: Figures(
            m.cell(figures, year, group_type, code),
            m.cell(figures, year - 1, group_type, code) if m.previous else None,
            m.coverage(figures, year, group_type, code) if m.coverage else None,
        )
        for m in (*items, *MENTOR_TITLE_MEASURES)
    })


def build_scorecard(figures: PublicFigures, year: int) -> Scorecard:
    items = measures(figures, year)
    return Scorecard(
        year=year,
        edition=figures.edition,
        measures=items,
        national=_unit(figures, items, year, NATIONAL_TYPE, NATIONAL_VALUE, L.NATIONAL),
        units=[_unit(figures, items, year, "province", code, L.province(code, full=True)) for code in PROVINCE_CODES],
    )


# --- the national path of each cohort ----------------------------------------------

@dataclass(frozen=True)
class PathColumn:
    key: str
    label: Text
    kind: str
    cell: Callable[[PublicFigures, int], Cell]  # (figures, cohort year)
    interval: bool = False


PATH_COLUMNS: tuple[PathColumn, ...] = (
    PathColumn("applicants", Text("申请人数", "Applicants"), COUNT, lambda f, y: f.cell("applicants", y)),
    PathColumn("selection_rate", Text("入选率", "Selected"), RATE, lambda f, y: f.cell("selection_rate", y), True),
    PathColumn("students", L.METRIC["cohort_size"], COUNT, lambda f, y: f.cell("cohort_size", y)),
    PathColumn("girls_share", Text("女生占比", "Girls"), RATE, lambda f, y: f.reach_cell(y, "girls_share"), True),
    PathColumn("training_hours_mean", Text("人均学时", "Mean hours"), HOURS, lambda f, y: f.cell("training_hours_mean", y)),
    PathColumn("training_hours_median", Text("学时中位数", "Median hours"), HOURS,
               lambda f, y: f.cell("training_hours_median", y)),
    PathColumn("completion_rate", Text("结业率", "Completed"), RATE, lambda f, y: f.cell("completion_rate", y), True),
    PathColumn("ever_reached", Text("曾跟踪到（右侧各项的覆盖）", "Ever reached (coverage of the figures to the right)"),
               RATE, lambda f, y: f.cell("ever_reached", y), True),
    PathColumn("qiangji_rate", Text("强基计划", "强基计划"), RATE, lambda f, y: f.cell("qiangji_rate", y), True),
    PathColumn("basic_major_rate", Text("基础学科专业", "Basic-discipline major"), RATE,
               lambda f, y: f.cell("basic_major_rate", y), True),
    PathColumn("topnotch_rate", Text(f"{TOPNOTCH_HORIZON} 年拔尖计划（{LOWER_BOUND.zh}）",
                                     f"{TOPNOTCH_HORIZON}-year Top-Notch ({LOWER_BOUND.en})"), RATE,
               lambda f, y: f.cell("topnotch_rate", y, horizon=TOPNOTCH_HORIZON), True),
    PathColumn("graduate_rate", Text("研究生在读", "Graduate study"), RATE, lambda f, y: f.cell("graduate_rate", y), True),
)


def national_path(figures: PublicFigures, year: int) -> list[tuple[int, dict[str, Cell]]]:
    """Per cohort year up to `year`: the national figures of each stage of PATH_COLUMNS."""
    return [
        (y, {c.key: c.cell(figures, y) for c in PATH_COLUMNS})
        for y in figures.cohort_years() if y <= year
    ]


def km_curve(figures: PublicFigures) -> list[tuple[int, Cell]]:
    """The national Kaplan–Meier cumulative incidence, h = 1 … 8 (all cohorts pooled)."""
    return [(h, figures.cell("topnotch_km", None, horizon=h)) for h in range(1, 9)]


# --- university and mentor-title breakdowns (all cohorts pooled) -------------------

BREAKDOWN_TYPES = (
    ("university", Text("培养高校", "Training university")),
    ("mentor_title", Text("导师职称", "Mentor title")),
)
BREAKDOWN_COLUMNS: tuple[tuple[str, Text, str, Callable[[PublicFigures, str, str], Cell]], ...] = (
    ("students", L.METRIC["cohort_size"], COUNT, lambda f, g, v: f.cell("cohort_size", None, g, v)),
    ("completion_rate", Text("结业率", "Completed"), RATE, lambda f, g, v: f.cell("completion_rate", None, g, v)),
    ("ever_reached", Text("曾跟踪到（覆盖）", "Ever reached (coverage)"), RATE,
     lambda f, g, v: f.cell("ever_reached", None, g, v)),
    ("qiangji_rate", Text("强基计划", "强基计划"), RATE, lambda f, g, v: f.cell("qiangji_rate", None, g, v)),
    ("topnotch_rate", Text(f"{TOPNOTCH_HORIZON} 年拔尖计划（{LOWER_BOUND.zh}）",
                           f"{TOPNOTCH_HORIZON}-year Top-Notch ({LOWER_BOUND.en})"), RATE,
     lambda f, g, v: f.cell("topnotch_rate", None, g, v, TOPNOTCH_HORIZON)),
    ("topnotch_km", Text(f"{TOPNOTCH_HORIZON} 年累计入选率（K–M {ESTIMATE.zh}）",
                         f"{TOPNOTCH_HORIZON}-year incidence (K–M {ESTIMATE.en})"), RATE,
     lambda f, g, v: f.cell("topnotch_km", None, g, v, TOPNOTCH_HORIZON)),
    ("graduate_rate", Text("研究生在读", "Graduate study"), RATE, lambda f, g, v: f.cell("graduate_rate", None, g, v)),
)


def breakdown_name(group_type: str, value: str) -> Text:
    return Text(value, value) if group_type == "university" else L.value_label(group_type, value)


def breakdowns(figures: PublicFigures) -> list[tuple[str, Text, list[tuple[str, dict[str, Cell]]]]]:
    """(group type, its name, [(group value, figures of BREAKDOWN_COLUMNS)]) for the
    university and mentor-title groups, all cohorts pooled."""
    return [
        (group_type, name, [(value, {key: cell(figures, group_type, value) for key, _, _, cell in BREAKDOWN_COLUMNS})
                            for value in figures.group_values(group_type)])
        for group_type, name in BREAKDOWN_TYPES
    ]


def national_breakdown_row(figures: PublicFigures) -> dict[str, Cell]:
    return {key: cell(figures, NATIONAL_TYPE, NATIONAL_VALUE) for key, _, _, cell in BREAKDOWN_COLUMNS}
