"""What happens to selected students: training activities and assessments in their
programme year, and their answers to the yearly follow-up survey afterwards.

Each function returns the rows of one source and year as canonical text in the contract's
columns, plus `_person` and `_province` (the unit whose file holds the row). Everything is
vectorised: ten million training rows are made without a Python loop over them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.cleaning.spellings import ACTIVITY_TYPE, RESULT, canonical_values
from pipelines.demo.reference import PROGRAMME_DISCIPLINES, TOPNOTCH_MAJORS, Reference, university_spellings

# Share of each activity type and its hours (from, to).
_ACTIVITIES = {"科研实践": (0.40, 2, 8), "学术研讨": (0.22, 1, 3), "科学营": (0.08, 6, 8),
               "讲座": (0.22, 1, 3), "其他": (0.08, 1, 4)}
ACTIVITY_TYPES = tuple(_ACTIVITIES)
_MIDTERM_RESULTS = (("优秀", 0.25), ("合格", 0.72), ("不合格", 0.03))
_FINAL_RESULTS = (("优秀", 0.30), ("合格", 0.65), ("不合格", 0.05))
WITHDRAWN = "退出"
if set(ACTIVITY_TYPES) != set(canonical_values(ACTIVITY_TYPE)) or WITHDRAWN not in RESULT:
    raise ValueError("activity types or results differ from the contract's")

# Majors by programme discipline: those in a 拔尖 discipline (基础学科) and others.
BASIC_MAJORS = {
    "数学": ("数学与应用数学", "计算机科学与技术", "物理学", "经济学"),
    "物理": ("物理学", "天文学", "数学与应用数学", "计算机科学与技术"),
    "化学": ("化学", "生物科学", "基础医学"),
    "生物": ("生物科学", "基础医学", "化学", "心理学"),
    "计算机": ("计算机科学与技术", "数学与应用数学"),
}
OTHER_MAJORS = {
    "数学": ("金融学", "软件工程", "电子信息工程"),
    "物理": ("电子信息工程", "电气工程及其自动化", "机械工程", "材料科学与工程"),
    "化学": ("材料科学与工程", "临床医学", "化学工程与工艺"),
    "生物": ("临床医学", "口腔医学", "生物医学工程"),
    "计算机": ("软件工程", "电子信息工程", "自动化", "通信工程"),
}
_ROUTES_BEFORE_2020 = (("统招", 0.65), ("综合评价", 0.15), ("保送", 0.15), ("其他", 0.05))
# 强基计划 replaced the old independent admission from 2020 on.
_ROUTES_FROM_2020 = (("强基计划", 0.20), ("统招", 0.50), ("综合评价", 0.15), ("保送", 0.10),
                     ("其他", 0.05))
TOPNOTCH_SHARE = 0.07


def response_rate(years_since_selection: np.ndarray) -> np.ndarray:
    """Share of alumni answering the survey: 85% a year after selection, falling
    linearly to 30% after eight years and staying there."""
    k = np.clip(years_since_selection, 1, 8)
    return 0.85 - 0.55 * (k - 1) / 7


def _draw(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    labels = np.array([label for label, _ in table], dtype=object)
    shares = np.array([share for _, share in table])
    return labels[rng.choice(len(labels), size=n, p=shares / shares.sum())]


def _iso(start: dt.date, days: np.ndarray) -> pl.Series:
    """ISO text of start + days."""
    return pl.select((pl.lit(start) + pl.duration(days=pl.Series(days.astype(np.int64))))
                     .cast(pl.Date).cast(pl.String)).to_series()


def assessments(rng: np.random.Generator, members: pl.DataFrame, year: int
                ) -> tuple[pl.DataFrame, np.ndarray]:
    """中期 and 结业 rows of the year's accepted students, and for each student the day
    index (from 1 January) from which they no longer train (a large number if they stay).

    About 2% withdraw at the mid-term (中期 退出, no 结业 row), 2% before the end
    (结业 退出)."""
    n = members.height
    fate = rng.choice(3, size=n, p=[0.96, 0.02, 0.02])  # 0 stays, 1 leaves at 中期, 2 before 结业
    mid_day = 181 + rng.integers(0, 20, n)  # from 1 July
    end_day = 343 + rng.integers(0, 18, n)  # from 10 December
    mid_result = _draw(rng, _MIDTERM_RESULTS, n)
    mid_result[fate == 1] = WITHDRAWN
    end_result = _draw(rng, _FINAL_RESULTS, n)
    end_result[fate == 2] = WITHDRAWN
    leave_day = np.full(n, 10_000)
    leave_day[fate == 1] = mid_day[fate == 1]
    leave_day[fate == 2] = 243 + rng.integers(0, 60, int((fate == 2).sum()))  # Sep–Oct
    start = dt.date(year, 1, 1)
    mid = members.select(
        national_id="national_id", assessment_type=pl.lit("中期"),
        result=pl.Series(mid_result, dtype=pl.String),
        assessment_date=_iso(start, mid_day), _person="person", _province="province_code")
    has_end = fate != 1
    end = members.filter(pl.Series(has_end)).select(
        national_id="national_id", assessment_type=pl.lit("结业"),
        result=pl.Series(end_result[has_end], dtype=pl.String),
        assessment_date=_iso(start, end_day[has_end]), _person="person", _province="province_code")
    rows = pl.concat([mid, end]).sort("_person", "assessment_type", maintain_order=True)
    blank = rng.random(rows.height) < 0.05
    rows = rows.with_columns(assessment_date=pl.when(pl.Series(blank)).then(None)
                             .otherwise(pl.col("assessment_date")))
    return rows, leave_day


def training(rng: np.random.Generator, members: pl.DataFrame, year: int,
             leave_day: np.ndarray) -> pl.DataFrame:
    """About 50 activities per student between 1 January of the year and 31 March of the
    next, on distinct days (so no two clean rows of a student can be equal), ending when
    a student withdraws."""
    window = (dt.date(year + 1, 3, 31) - dt.date(year, 1, 1)).days + 1
    counts = rng.integers(40, 61, members.height)
    student = np.repeat(np.arange(members.height), counts)
    first_of = np.repeat(np.cumsum(counts) - counts, counts)
    k = np.arange(len(student)) - first_of
    width = (window // counts)[student]
    day = k * width + (rng.random(len(student)) * width).astype(np.int64)
    stays = day < leave_day[student]
    student, day = student[stays], day[stays]
    share, low, high = (np.array(column) for column in zip(*_ACTIVITIES.values()))
    kind = rng.choice(len(ACTIVITY_TYPES), size=len(student), p=share)
    low, high = low[kind], high[kind]
    hours = low + (rng.random(len(student)) * (high - low + 1)).astype(np.int64)
    index = pl.Series(student)
    mentor = members["mentor_id"].gather(index)
    no_mentor = pl.Series(rng.random(len(student)) < 0.08)
    return pl.DataFrame({
        "national_id": members["national_id"].gather(index),
        "activity_date": _iso(dt.date(year, 1, 1), day),
        "activity_type": pl.Series(ACTIVITY_TYPES).gather(pl.Series(kind)),
        "hours": pl.Series(hours).cast(pl.String),
        "mentor_id": pl.select(pl.when(no_mentor).then(None).otherwise(mentor)).to_series(),
        "_person": members["person"].gather(index),
        "_province": members["province_code"].gather(index),
    })


def destinies(rng: np.random.Generator, alumni: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    """Where each alumnus goes: the year they start university (Y+2 from 高一, Y+1 from
    高二), the university, major and admission route, a 拔尖计划 base for about 7%, and
    after four years graduate school (for three or five years) or work.

    `alumni` has person, national_id, name, province_code, first_year, first_grade and
    discipline (of their first cohort)."""
    n = alumni.height
    uni_start = alumni["first_year"].to_numpy() + np.where(alumni["first_grade"].to_numpy() == "高一", 2, 1)
    universities = reference.universities
    weight = np.array([3.0 if u.topnotch_tier == 1 else 1.5 if u.topnotch_tier == 2 else 1.0
                       for u in universities])
    university = np.array([u.name for u in universities], dtype=object)[
        rng.choice(len(universities), size=n, p=weight / weight.sum())]
    discipline = alumni["discipline"].to_numpy()
    basic = rng.random(n) < 0.5
    draw = rng.integers(0, 1000, n)
    major = np.empty(n, dtype=object)
    for d in PROGRAMME_DISCIPLINES:
        for table, chosen in ((BASIC_MAJORS[d], basic), (OTHER_MAJORS[d], ~basic)):
            rows = np.flatnonzero((discipline == d) & chosen)
            major[rows] = np.array(table, dtype=object)[draw[rows] % len(table)]
    route = np.where(uni_start >= 2020, _draw(rng, _ROUTES_FROM_2020, n), _draw(rng, _ROUTES_BEFORE_2020, n))
    topnotch = rng.random(n) < TOPNOTCH_SHARE
    name_of = {u.code: u.name for u in universities}
    base_index = rng.integers(0, len(reference.bases), n)
    base_university = np.array([name_of[b["university_code"]] for b in reference.bases],
                               dtype=object)[base_index]
    base_discipline = np.array([b["discipline"] for b in reference.bases], dtype=object)[base_index]
    university = np.where(topnotch, base_university, university)
    major = np.where(topnotch, np.array([TOPNOTCH_MAJORS[d] for d in base_discipline], dtype=object), major)
    basic_majors = {m for table in BASIC_MAJORS.values() for m in table} | set(TOPNOTCH_MAJORS.values())
    path = rng.choice(3, size=n, p=[0.60, 0.33, 0.07])  # graduate school, work, other
    return alumni.with_columns(
        uni_start=pl.Series(uni_start),
        university=pl.Series(university, dtype=pl.String),
        major=pl.Series(major, dtype=pl.String),
        major_category=pl.Series(np.where(np.isin(major, list(basic_majors)), "基础学科", "其他"),
                                 dtype=pl.String),
        admission_route=pl.Series(route, dtype=pl.String),
        topnotch_year=pl.Series(np.where(topnotch, uni_start + rng.integers(0, 2, n), 0)),
        topnotch_base=pl.Series(np.char.add(np.char.add(base_university.astype(str), " "),
                                            base_discipline.astype(str))),
        path=pl.Series(path),
        graduate_years=pl.Series(np.where(rng.random(n) < 0.7, 3, 5)),
    )


def followup(rng: np.random.Generator, fates: pl.DataFrame, survey_year: int) -> pl.DataFrame:
    """Survey answers collected in `survey_year` from alumni of earlier cohorts."""
    alumni = fates.filter(pl.col("first_year") < survey_year)
    since = survey_year - alumni["first_year"].to_numpy()
    answers = rng.random(alumni.height) < response_rate(since)
    people = alumni.filter(pl.Series(answers))
    n = people.height
    s = survey_year
    u = pl.col("uni_start")
    grad_end = u + 4 + pl.col("graduate_years")
    status = (
        pl.when(s < u).then(pl.lit("高中在读"))
        .when(s < u + 4).then(pl.lit("本科在读"))
        .when(pl.col("path") == 0).then(pl.when(s < grad_end).then(pl.lit("研究生在读"))
                                        .otherwise(pl.lit("已就业")))
        .when(pl.col("path") == 1).then(pl.lit("已就业"))
        .otherwise(pl.lit("其他"))
    )
    studied = (s >= u) & (status != "其他")
    in_base = (pl.col("topnotch_year") > 0) & (pl.col("topnotch_year") <= s)
    said_no = pl.Series(rng.random(n) < 0.5)  # the others leave the 拔尖 column empty
    rows = people.select(
        national_id="national_id",
        name=pl.when(pl.Series(rng.random(n) < 0.9)).then(pl.col("name")),
        survey_year=pl.when(pl.Series(rng.random(n) < 0.95)).then(pl.lit(str(s))),
        status=status,
        university=pl.when(studied).then(university_spellings(rng, people["university"])),
        major=pl.when(studied).then(pl.col("major")),
        major_category=pl.when(studied & pl.Series(rng.random(n) < 0.6)).then(pl.col("major_category")),
        admission_route=pl.when(studied & pl.Series(rng.random(n) < 0.8)).then(pl.col("admission_route")),
        topnotch=pl.when(in_base).then(pl.lit("是")).when(said_no).then(pl.lit("否")),
        topnotch_base=pl.when(in_base).then(pl.col("topnotch_base")),
        topnotch_year=pl.when(in_base).then(pl.col("topnotch_year").cast(pl.String)),
        _person="person",
        _province="province_code",
        _first_year="first_year",
    )
    return rows.with_columns(pl.col(c).cast(pl.String) for c in rows.columns if not c.startswith("_"))
