"""Applicants and cohorts of every year: who applied, their scores, who was selected,
and where the selected train. One person may be selected twice (高一, then 高二).

Everything is drawn in bulk with numpy and Polars; the only per-person Python is
`national_id.make`, which keeps the check-digit rule in the contract module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.contract import national_id
from pipelines.contract.provinces import PROVINCES
from pipelines.demo.names import person_names, schools_by_province
from pipelines.demo.options import GeneratorOptions
from pipelines.demo.reference import PROGRAMME_DISCIPLINES, Reference, university_spellings

# Relative share of the programme's students by reporting unit.
PROVINCE_WEIGHTS: dict[str, float] = {
    "110000": 8, "120000": 3, "130000": 3, "140000": 2, "150000": 1.5, "210000": 3,
    "220000": 2, "230000": 2, "310000": 7, "320000": 6, "330000": 6, "340000": 3.5,
    "350000": 3, "360000": 2, "370000": 4.5, "410000": 4, "420000": 4.5, "430000": 4,
    "440000": 6, "450000": 2, "460000": 1, "500000": 3, "510000": 4, "520000": 1.5,
    "530000": 1.5, "540000": 0.5, "610000": 3, "620000": 2, "630000": 0.5, "640000": 0.7,
    "650000": 1, "660000": 1.2,
}
DISCIPLINE_WEIGHTS = (0.25, 0.25, 0.18, 0.14, 0.18)  # in PROGRAMME_DISCIPLINES order
GRADES = ("高一", "高二")
BINGTUAN = "660000"
# Sequence numbers from here on are kept for people who appear in no cohort, so their
# numbers can never equal a real student's.
STRANGER_SEQUENCE = 450


@dataclass
class Population:
    """persons: one row per person (person, national_id, name, male, birth_date,
    province_code, school). applications: one row per person and year applied (person,
    year, grade, discipline, selection_score, selected). cohort: one row per person and
    year selected (person, year, grade, discipline, university_code, mentor_id, repeat),
    `repeat` marking a person's second selection."""

    persons: pl.DataFrame
    applications: pl.DataFrame
    cohort: pl.DataFrame


def area_codes(province_code: str) -> tuple[str, ...]:
    """County-level area codes for ID numbers of a unit. 兵团 residents hold Xinjiang
    numbers of the Corps' cities (石河子 659001 and its siblings)."""
    if province_code == BINGTUAN:
        return tuple(f"6590{k:02d}" for k in range(1, 5))
    return tuple(f"{province_code[:2]}01{k:02d}" for k in range(2, 7))


def birth_dates(rng: np.random.Generator, year: int, grade_index: np.ndarray) -> np.ndarray:
    """Birth dates of students in 高一 (0) or 高二 (1) in the spring of `year`: a 高一
    student started school in September year-1 aged 15; some are a year off."""
    start = np.datetime64(f"{year - 17}-09-01") - grade_index * 365
    offset = rng.integers(0, 365, size=len(grade_index))
    shift = rng.choice([-365, 0, 365], size=len(grade_index), p=[0.04, 0.92, 0.04])
    return start + offset + shift


def build_population(rng: np.random.Generator, options: GeneratorOptions,
                     reference: Reference) -> Population:
    """Applicants, scores and cohorts of every year, with valid, unique ID numbers."""
    provinces = [p.code for p in PROVINCES]
    weights = np.array([PROVINCE_WEIGHTS[c] for c in provinces])
    schools = schools_by_province()
    picker = _TrainingPlaces(reference)
    persons, applications, cohorts = [], [], []
    next_person = 0
    previous: dict | None = None
    for year, size in options.cohort_sizes().items():
        repeaters = _repeaters(rng, previous, size, options.defect_rate)
        n_repeat = len(repeaters["person"])
        n_applicants = max(size + 1, round(size * rng.uniform(3.0, 5.0)))
        n_new = n_applicants - n_repeat
        province_index = rng.choice(len(provinces), size=n_new, p=weights / weights.sum())
        province = np.array(provinces, dtype=object)[province_index]
        male = rng.random(n_new) < 0.62
        grade = (rng.random(n_new) < 0.45).astype(np.int64)
        new_person = np.arange(next_person, next_person + n_new)
        next_person += n_new
        persons.append({
            "person": new_person,
            "male": male,
            "birth_date": birth_dates(rng, year, grade),
            "province_code": province,
            "name": person_names(rng, male),
            "school": _per_province(province_index, [schools[c] for c in provinces],
                                    rng.integers(0, 1000, n_new)),
        })
        discipline = rng.choice(len(PROGRAMME_DISCIPLINES), size=n_new, p=DISCIPLINE_WEIGHTS)
        # Applicant order is random, so the first ones may be taken as the selected.
        selected_new = np.arange(n_new) < size - n_repeat
        all_person = np.concatenate([repeaters["person"], new_person])
        all_grade = np.concatenate([np.ones(n_repeat, np.int64), grade])
        all_discipline = np.concatenate([repeaters["discipline"], discipline])
        all_selected = np.concatenate([np.ones(n_repeat, bool), selected_new])
        scores = _scores(rng, all_discipline, all_selected)
        applications.append({
            "person": all_person, "year": np.full(len(all_person), year),
            "grade": all_grade, "discipline": all_discipline,
            "selection_score": scores, "selected": all_selected,
        })
        chosen = all_selected
        province_of = np.concatenate([repeaters["province_code"], province])
        university, mentor = picker.pick(rng, province_of[chosen], all_discipline[chosen],
                                         keep=np.concatenate([repeaters["university"],
                                                              np.full(n_new, None)])[chosen])
        cohort = {
            "person": all_person[chosen], "year": np.full(int(chosen.sum()), year),
            "grade": all_grade[chosen], "discipline": all_discipline[chosen],
            "university_code": university, "mentor_id": mentor,
            "repeat": np.arange(len(all_person))[chosen] < n_repeat,
            "province_code": province_of[chosen],
        }
        cohorts.append(cohort)
        previous = cohort
    persons_frame = pl.concat([pl.DataFrame(p) for p in persons])
    persons_frame = _with_national_ids(rng, persons_frame)
    discipline_names = pl.Series(PROGRAMME_DISCIPLINES)
    grade_names = pl.Series(GRADES)

    def _labelled(frames: list[dict]) -> pl.DataFrame:
        frame = pl.concat([pl.DataFrame(f) for f in frames])
        return frame.with_columns(
            discipline=discipline_names.gather(frame["discipline"]),
            grade=grade_names.gather(frame["grade"]),
        )

    cohort_frame = _labelled(cohorts).drop("province_code")
    return Population(persons_frame, _labelled(applications), cohort_frame)


def _repeaters(rng: np.random.Generator, previous: dict | None, size: int, rate: float) -> dict:
    """Last year's 高一 students selected again this year, now in 高二 (same province,
    mostly the same discipline and university)."""
    empty = {"person": np.array([], np.int64), "discipline": np.array([], np.int64),
             "province_code": np.array([], object), "university": np.array([], object)}
    if previous is None or rate <= 0:
        return empty
    pool = np.flatnonzero((previous["grade"] == 0) & ~previous["repeat"])
    count = min(len(pool), max(1, round(rate * size)), size // 3)
    if count == 0:
        return empty
    picked = np.sort(rng.choice(pool, size=count, replace=False))
    discipline = previous["discipline"][picked].copy()
    switch = rng.random(count) < 0.15
    discipline[switch] = rng.choice(len(PROGRAMME_DISCIPLINES), size=int(switch.sum()))
    return {"person": previous["person"][picked], "discipline": discipline,
            "province_code": previous["province_code"][picked],
            "university": np.where(rng.random(count) < 0.7,
                                   previous["university_code"][picked], None).astype(object)}


def _scores(rng: np.random.Generator, discipline: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """学科潜质测试 scores (0–100, in half points) with a cut-off per discipline: every
    selected applicant scores at least the cut-off, which is the lowest selected score;
    about a fifth of those above it are not selected (the interview), none below is."""
    scores = np.zeros(len(discipline))
    for d in range(len(PROGRAMME_DISCIPLINES)):
        chosen = np.flatnonzero((discipline == d) & selected)
        others = np.flatnonzero((discipline == d) & ~selected)
        cutoff = round(2 * rng.uniform(55, 75)) / 2
        above = rng.permutation(others)[: min(len(others), round(0.25 * len(chosen)))]
        below = np.setdiff1d(others, above)
        high = np.concatenate([chosen, above])
        high_scores = cutoff + (100 - cutoff) * rng.beta(2, 3, len(high))
        scores[high] = np.minimum(100.0, np.round(2 * high_scores) / 2)
        low_scores = cutoff - 0.5 - (cutoff - 10.5) * rng.beta(1.5, 3, len(below))
        scores[below] = np.round(2 * low_scores) / 2
        if len(chosen):
            scores[chosen[np.argmin(scores[chosen])]] = cutoff
    return scores


class _TrainingPlaces:
    """The university a selected student trains at (mostly one in their own province)
    and a mentor of that university in their discipline."""

    def __init__(self, reference: Reference) -> None:
        self.codes = np.array([u.code for u in reference.universities], dtype=object)
        self.province = np.array([u.province_code for u in reference.universities])
        mentors = pl.DataFrame(reference.mentors).with_row_index("row")
        self.mentor_ids = mentors["mentor_id"].to_numpy()
        self.slots = mentors.group_by("university_code", "discipline", maintain_order=True).agg(
            start=pl.col("row").min().cast(pl.Int64), count=pl.len().cast(pl.Int64))

    def pick(self, rng: np.random.Generator, province: np.ndarray, discipline: np.ndarray,
             keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = len(province)
        university = np.empty(n, dtype=object)
        home = np.where(province == BINGTUAN, "650000", province)
        local = rng.random(n) < 0.8
        anywhere = rng.integers(0, len(self.codes), n)
        for code in np.unique(home):
            rows = np.flatnonzero(home == code)
            candidates = self.codes[self.province == code]
            if len(candidates):
                nearby = candidates[rng.integers(0, len(candidates), len(rows))]
                university[rows] = np.where(local[rows], nearby, self.codes[anywhere[rows]])
            else:
                university[rows] = self.codes[anywhere[rows]]
        kept = keep != None  # noqa: E711 (element-wise test on an object array)
        university[kept] = keep[kept]
        slots = pl.DataFrame({"university_code": university.astype(str),
                              "discipline": np.array(PROGRAMME_DISCIPLINES)[discipline]}
                             ).join(self.slots, on=["university_code", "discipline"],
                                    how="left", maintain_order="left")
        pick = slots["start"].to_numpy() + (rng.random(n) * slots["count"].to_numpy()).astype(np.int64)
        return university, self.mentor_ids[pick]


def _per_province(province_index: np.ndarray, choices: list[tuple[str, ...]],
                  draw: np.ndarray) -> np.ndarray:
    """For each element i, one of choices[province_index[i]], picked by draw[i]."""
    out = np.empty(len(province_index), dtype=object)
    for index, options in enumerate(choices):
        rows = np.flatnonzero(province_index == index)
        out[rows] = np.array(options, dtype=object)[draw[rows] % len(options)]
    return out


def _with_national_ids(rng: np.random.Generator, persons: pl.DataFrame) -> pl.DataFrame:
    """Valid, unique ID numbers: the area code of the person's unit, the birth date, a
    sequence number unique among people of that area, birth date and sex."""
    codes = [p.code for p in PROVINCES]
    province_index = persons["province_code"].replace_strict(codes, range(len(codes))).to_numpy()
    area = _per_province(province_index, [area_codes(c) for c in codes],
                         rng.integers(0, 100, persons.height))
    persons = persons.with_columns(area=pl.Series(area, dtype=pl.String)).with_columns(
        sequence=pl.int_range(pl.len()).over("area", "birth_date", "male"))
    if persons.height and persons["sequence"].max() >= STRANGER_SEQUENCE:
        raise ValueError("too many people share an area, birth date and sex")
    ids = [national_id.make(a, b, s, m) for a, b, s, m in persons.select(
        "area", "birth_date", "sequence", "male").iter_rows()]
    return persons.with_columns(national_id=pl.Series(ids, dtype=pl.String)).drop("area", "sequence")


def stranger_ids(rng: np.random.Generator, count: int, year: int, taken: set[str]) -> list[str]:
    """Valid ID numbers of people in no cohort (for `unknown_student` rows): sequence
    numbers from STRANGER_SEQUENCE on, which no student's number uses."""
    ids: list[str] = []
    codes = [c for p in PROVINCES for c in area_codes(p.code)]
    while len(ids) < count:
        area = codes[int(rng.integers(0, len(codes)))]
        born = dt.date(year - 18, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3 * 365)))
        sequence = int(rng.integers(STRANGER_SEQUENCE, 500))
        number = national_id.make(area, born, sequence, bool(rng.random() < 0.6))
        if number not in taken:
            taken.add(number)
            ids.append(number)
    return ids


def _score_text(score: pl.Expr) -> pl.Expr:
    return pl.when(score == score.floor()).then(score.cast(pl.Int64).cast(pl.String)
                                                ).otherwise(score.cast(pl.String))


def cohort_rows(rng: np.random.Generator, population: Population, year: int,
                reference: Reference) -> pl.DataFrame:
    """The year's 学员名单 as canonical text, plus `_person`, `_province` and `_repeat`.
    Gender, birth date and cohort year are left empty in a few rows (they are optional)."""
    names = {u.code: u.name for u in reference.universities}
    province_names = {p.code: p.name for p in PROVINCES}
    rows = (population.cohort.filter(pl.col("year") == year)
            .join(population.persons, on="person", how="left", maintain_order="left"))
    n = rows.height
    return rows.select(
        national_id="national_id",
        name="name",
        gender=pl.when(pl.Series(rng.random(n) >= 0.06)).then(
            pl.when(pl.col("male")).then(pl.lit("男")).otherwise(pl.lit("女"))),
        birth_date=pl.when(pl.Series(rng.random(n) >= 0.06)).then(pl.col("birth_date").cast(pl.String)),
        province=pl.col("province_code").replace_strict(province_names),
        school="school",
        grade="grade",
        discipline="discipline",
        university=university_spellings(rng, rows["university_code"].replace_strict(names)),
        mentor_id="mentor_id",
        cohort_year=pl.when(pl.Series(rng.random(n) >= 0.05)).then(pl.lit(str(year))),
        _person="person",
        _province="province_code",
        _repeat="repeat",
    )


def applicant_rows(rng: np.random.Generator, population: Population, year: int) -> pl.DataFrame:
    """The year's 申请 rows as canonical text, plus `_person`, `_province` and `_selected`."""
    province_names = {p.code: p.name for p in PROVINCES}
    rows = (population.applications.filter(pl.col("year") == year)
            .join(population.persons, on="person", how="left", maintain_order="left"))
    n = rows.height
    return rows.select(
        national_id="national_id",
        name="name",
        gender=pl.when(pl.Series(rng.random(n) >= 0.1)).then(
            pl.when(pl.col("male")).then(pl.lit("男")).otherwise(pl.lit("女"))),
        province=pl.col("province_code").replace_strict(province_names),
        school="school",
        grade="grade",
        discipline="discipline",
        selection_score=_score_text(pl.col("selection_score")),
        selected=pl.when(pl.col("selected")).then(pl.lit("是")).otherwise(pl.lit("否")),
        _person="person",
        _province="province_code",
        _selected="selected",
    )
