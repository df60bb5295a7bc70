"""The figures of a unit pack: the unit-feedback edition of each reporting unit, and what
the pack shows of it for year Y.

`UnitEditions.load` reads analytics.duckdb once (the published and the internal figures)
and gives each unit its edition: the published rows with the unit's own rows of the
marts laid over — exactly what `PublicFigures.load(path, UNIT_FEEDBACK, unit=code)` gives
(a test holds them equal), without reading the database 32 times.

`pack_content(figures, year)` is what a pack shows, for the unit of `figures`:

- the path of cohort Y (applied → selected → trained → completed → followed up →
  university → Top-Notch): the unit's figure as computed, with its interval, the coverage
  (ever reached) beside each survey-based figure, the national figure, the comparison
  marks of dashboards.cells and the unit's position among the units' published figures;
- the three-cohort and all-cohort Top-Notch / 强基计划 / graduate-study rates (the figures
  a small unit is compared on);
- trends over the unit's cohorts, unit and nation with intervals;
- its reach (students, girls, schools, universities, mentors by title, survey response
  rate) over the last years.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboards.cells import (
    COUNT,
    HOURS,
    NOT_DIFFERENT,
    RATE,
    Cell,
    against_previous,
    against_reference,
)
from dashboards.labels import Text
from dashboards.public import NATIONAL_TYPE, NATIONAL_VALUE, PROVINCE_TYPE, PublicFigures, own_unit_row
from dashboards.reports.scorecard import LOWER_BOUND, MENTOR_TITLE_MEASURES, TOPNOTCH_HORIZON, Measure, measures
from pipelines.contract.provinces import PROVINCE_BY_CODE, PROVINCE_CODES, Province
from pipelines.registry.editions import INTERNAL, PUBLISHED, UNIT_FEEDBACK

# (figures, cohort year, group type, group value) → the figure
Getter = Callable[[PublicFigures, int, str, str], Cell]


class UnitEditions:
    """The unit-feedback figures of every reporting unit, from one read of the database."""

    def __init__(self, published: PublicFigures, internal: PublicFigures):
        self.published = published
        self._own_rows: dict[str, dict[tuple, dict]] = {}
        for key, row in internal.rows.items():
            if key[2] == PROVINCE_TYPE:
                self._own_rows.setdefault(key[3], {})[key] = row
        self._own_reach: dict[str, dict[tuple, dict]] = {}
        for key, row in (internal.reach or {}).items():
            if key[1] == PROVINCE_TYPE:
                self._own_reach.setdefault(key[2], {})[key] = row

    @classmethod
    def load(cls, path: Path) -> UnitEditions:
        return cls(PublicFigures.load(path, PUBLISHED), PublicFigures.load(path, INTERNAL))

    def of(self, unit: str) -> PublicFigures:
        """The unit-feedback edition of `unit` (as PublicFigures.load(path, UNIT_FEEDBACK, unit))."""
        published = self.published
        rows = published.rows | {k: r for k, r in self._own_rows.get(unit, {}).items() if own_unit_row(k, unit, 2)}
        reach = None
        if published.reach is not None:
            reach = published.reach | {k: r for k, r in self._own_reach.get(unit, {}).items()
                                       if own_unit_row(k, unit, 1)}
        return PublicFigures(
            rows=rows, small_label=published.small_label, withheld_mark=published.withheld_mark,
            k=published.k, published_at=published.published_at, run_id=published.run_id, reach=reach,
            source=published.source, edition=UNIT_FEEDBACK, unit=unit,
            university_names=published.university_names,
        )


# --- the stages of a cohort's path ----------------------------------------------------

@dataclass(frozen=True)
class Stage:
    key: str
    label: Text
    kind: str
    cell: Getter
    interval: bool = False
    coverage: Getter | None = None  # ever_reached of the same group and cohort(s)
    survey: bool = False  # rests on survey answers


def _metric(metric: str, horizon: int | None = None) -> Getter:
    return lambda f, y, g, v: f.cell(metric, y, g, v, horizon)


def _reached(f: PublicFigures, y: int, g: str, v: str) -> Cell:
    return f.cell("ever_reached", y, g, v)


H = TOPNOTCH_HORIZON
PATH_STAGES: tuple[Stage, ...] = (
    Stage("applicants", Text("申请人数", "Applicants"), COUNT, _metric("applicants")),
    Stage("selection_rate", Text("申请者入选率", "Share of applicants selected"), RATE,
          _metric("selection_rate"), interval=True),
    Stage("students", Text("入选学生", "Students selected"), COUNT, _metric("cohort_size")),
    Stage("training_hours_mean", Text("人均培养学时", "Mean training hours"), HOURS, _metric("training_hours_mean")),
    Stage("training_hours_median", Text("培养学时中位数", "Median training hours"), HOURS,
          _metric("training_hours_median")),
    Stage("completion_rate", Text("结业率（优秀或合格）", "Completion rate"), RATE, _metric("completion_rate"),
          interval=True),
    Stage("ever_reached", Text("曾跟踪到的比例", "Ever reached by follow-up"), RATE, _metric("ever_reached"),
          interval=True, survey=True),
    Stage("qiangji_rate", Text("强基计划录取比例", "强基计划 admission rate"), RATE, _metric("qiangji_rate"),
          interval=True, coverage=_reached, survey=True),
    Stage("basic_major_rate", Text("基础学科专业比例", "Basic-discipline majors"), RATE,
          _metric("basic_major_rate"), interval=True, coverage=_reached, survey=True),
    Stage("topnotch_rate", Text(f"{H} 年拔尖计划入选率（{LOWER_BOUND.zh}）", f"{H}-year Top-Notch rate"), RATE,
          _metric("topnotch_rate", H), interval=True, coverage=_reached, survey=True),
)
STAGE_BY_KEY = {s.key: s for s in PATH_STAGES}
# The stages drawn as trends over the cohorts (the rest are in the path table).
TREND_KEYS = ("students", "completion_rate", "ever_reached", "qiangji_rate", "basic_major_rate", "topnotch_rate")
# The scorecard's measures of the rare outcomes over three cohorts and over all cohorts.
POOLED_KEYS = ("topnotch_rate_3", "qiangji_rate_3", "graduate_rate_3", "topnotch_km")
REACH_KEYS = ("students", "girls_share", "schools", "universities", "mentors", "survey_response_rate")
REACH_YEARS = 5  # the years the reach table shows, up to Y


# --- one figure of the unit against the others -----------------------------------------

@dataclass(frozen=True)
class Position:
    """Where the unit's own figure stands among the other units' published figures."""

    rank: int  # 1 = highest
    compared: int  # units with a figure: the unit and every other unit whose figure is published
    unpublished: int  # other units whose figure is hidden (<5, *) or does not exist
    others: tuple[float, ...]  # the other units' published values


@dataclass(frozen=True)
class Compared:
    key: str
    label: Text
    kind: str
    interval: bool
    own: Cell
    national: Cell
    coverage: Cell | None = None  # beside a survey-based figure: the unit's ever reached
    national_coverage: Cell | None = None
    previous: Cell | None = None  # the unit's figure a cohort (year) earlier
    others: tuple[tuple[str, Cell], ...] = ()  # (unit code, its published figure)

    @property
    def against_national(self) -> int:
        """▲/▼ only for a rate whose interval lies wholly above or below the nation's."""
        return against_reference(self.own, self.national) if self.kind == RATE else NOT_DIFFERENT

    @property
    def against_previous(self) -> int:
        if self.previous is None or self.kind != RATE:
            return NOT_DIFFERENT
        return against_previous(self.own, self.previous)

    def position(self) -> Position | None:
        if not self.own.shown or not self.others:
            return None
        values = tuple(c.value for _, c in self.others if c.shown)
        return Position(1 + sum(v > self.own.value for v in values), len(values) + 1,
                        len(self.others) - len(values), values)


def _others(getter: Callable[[str], Cell], unit: str) -> tuple[tuple[str, Cell], ...]:
    return tuple((code, getter(code)) for code in PROVINCE_CODES if code != unit)


def _compared(item: Stage | Measure, figures: PublicFigures, year: int, with_previous: bool = True) -> Compared:
    """One stage of the path or one scorecard measure: the unit's figure beside the
    nation's, the coverage of both, the unit's previous cohort and every other unit's."""
    unit = figures.unit

    def coverage(group_type: str, group_value: str) -> Cell | None:
        return item.coverage(figures, year, group_type, group_value) if item.coverage else None

    return Compared(
        item.key, item.label, item.kind, item.interval,
        own=item.cell(figures, year, PROVINCE_TYPE, unit),
        national=item.cell(figures, year, NATIONAL_TYPE, NATIONAL_VALUE),
        coverage=coverage(PROVINCE_TYPE, unit),
        national_coverage=coverage(NATIONAL_TYPE, NATIONAL_VALUE),
        previous=item.cell(figures, year - 1, PROVINCE_TYPE, unit) if with_previous else None,
        others=_others(lambda code: item.cell(figures, year, PROVINCE_TYPE, code), unit),
    )


def _path(figures: PublicFigures, year: int) -> list[Compared]:
    return [_compared(stage, figures, year) for stage in PATH_STAGES]


def _scorecard_rows(figures: PublicFigures, year: int, keys: tuple[str, ...], by_key: dict) -> list[Compared]:
    """The scorecard's measures of `keys` (dashboards.reports.scorecard) for the unit; a
    three-cohort measure without three observable cohorts yet is not in `by_key`."""
    return [_compared(by_key[key], figures, year, by_key[key].previous) for key in keys if key in by_key]


# --- trends and reach -----------------------------------------------------------------

@dataclass(frozen=True)
class Trend:
    key: str
    label: Text
    kind: str
    years: tuple[int, ...]
    own: tuple[Cell, ...]
    national: tuple[Cell, ...]


def _trends(figures: PublicFigures, year: int) -> list[Trend]:
    years = tuple(y for y in figures.cohort_years() if y <= year)
    trends = []
    for key in TREND_KEYS:
        s = STAGE_BY_KEY[key]
        trends.append(Trend(key, s.label, s.kind, years,
                            tuple(s.cell(figures, y, PROVINCE_TYPE, figures.unit) for y in years),
                            tuple(s.cell(figures, y, NATIONAL_TYPE, NATIONAL_VALUE) for y in years)))
    return trends


@dataclass(frozen=True)
class ReachRow:
    key: str
    label: Text
    kind: str
    interval: bool
    own: tuple[Cell, ...]  # per year of UnitPack.reach_years
    national: Cell  # of year Y


def _reach(figures: PublicFigures, year: int, years: tuple[int, ...], by_key: dict) -> list[ReachRow]:
    rows = []
    for m in (*(by_key[k] for k in REACH_KEYS), *MENTOR_TITLE_MEASURES):
        rows.append(ReachRow(m.key, m.label, m.kind, m.interval,
                             tuple(m.cell(figures, y, PROVINCE_TYPE, figures.unit) for y in years),
                             m.cell(figures, year, NATIONAL_TYPE, NATIONAL_VALUE)))
    return rows


# --- the pack -------------------------------------------------------------------------

@dataclass(frozen=True)
class PackContent:
    year: int
    unit: Province
    figures: PublicFigures
    path: list[Compared]  # cohort Y
    pooled: list[Compared]  # three cohorts up to Y, and all cohorts
    trends: list[Trend]
    reach_years: tuple[int, ...]
    reach: list[ReachRow]

    @property
    def has_students(self) -> bool:
        students = next(c for c in self.path if c.key == "students").own
        return students.shown and students.value > 0


def pack_content(figures: PublicFigures, year: int) -> PackContent:
    """What the pack of `figures.unit` shows for year `year` (a cohort year of the figures)."""
    if figures.unit is None:
        raise ValueError("a unit pack is built from a unit-feedback edition")
    reach_years = tuple(y for y in figures.cohort_years() if year - REACH_YEARS < y <= year)
    # The scorecard's measures (dashboards.reports.scorecard), found once: finding the
    # three-cohort rows takes a pass over every row.
    by_key = {m.key: m for m in (*measures(figures, year), *MENTOR_TITLE_MEASURES)}
    return PackContent(
        year=year,
        unit=PROVINCE_BY_CODE[figures.unit],
        figures=figures,
        path=_path(figures, year),
        pooled=_scorecard_rows(figures, year, POOLED_KEYS, by_key),
        trends=_trends(figures, year),
        reach_years=reach_years,
        reach=_reach(figures, year, reach_years, by_key),
    )

