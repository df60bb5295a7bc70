"""Injected defects: rows that break exactly one rule of the contract, each marked with
the reason the pipeline must give it (`_reason`) and the column at fault (`_column`).

Clean rows are changed in place (a bad ID, an empty required cell, an unknown spelling,
a value out of range, a warning) or rows are added (a duplicate of a clean row, a
student in no cohort, a second survey answer). For each source, year and reason about
`defect_rate` of the rows are hit, at least one when the rate is above zero; the kinds of
a reason (say, the five ways an ID number is broken) take turns over the years.

Defect cells are written verbatim (no spelling variation), so what breaks a rule is
exactly what was injected. Rows added after a clean row come later in file-name then row
order, and a second survey answer comes before the answer that is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from pipelines.cleaning.spellings import STATUS, canonical_values
from pipelines.contract import national_id
from pipelines.contract.columns import column_names, required_columns
from pipelines.contract.reasons import ROW_REJECT_REASONS
from pipelines.demo.layout import FilePlan, comes_after
from pipelines.demo.names import person_names
from pipelines.demo.people import stranger_ids
from pipelines.demo.reference import UNIVERSITIES, UNLISTED_UNIVERSITIES
from pipelines.registry import sources as registry

STATUSES = canonical_values(STATUS)
# Cleared in a second survey answer, which then differs from the kept one in status only.
_ANSWER_DETAILS = ("university", "major", "major_category", "admission_route", "topnotch",
                   "topnotch_base", "topnotch_year")


@dataclass(frozen=True)
class Kind:
    """One way of breaking a rule: the column it changes, which rows it can be applied
    to (given the rows and whether each row's file has the column), and the new values."""

    column: str
    new_values: Callable[[np.random.Generator, pl.DataFrame, int], list[str | None]]
    applies: Callable[[pl.DataFrame], np.ndarray] | None = None


def _cycle(values: tuple[str, ...]) -> Callable[[np.random.Generator, pl.DataFrame, int], list[str | None]]:
    return lambda rng, rows, year: [values[i % len(values)] for i in range(rows.height)]


def _ids(change: Callable[[str, int], str]) -> Callable:
    return lambda rng, rows, year: [change(v, i) for i, v in enumerate(rows["national_id"])]


def _recheck(first17: str) -> str:
    return first17 + national_id.check_digit(first17)


# The five ways an ID number arrives broken: an old 15-digit number, a wrong check
# character, Excel's scientific notation, an area prefix that does not exist, a birth
# date that cannot be (month 13 or 30 February), each otherwise well formed.
ID_KINDS = (
    Kind("national_id", _ids(lambda v, i: v[:6] + v[8:17])),
    Kind("national_id", _ids(lambda v, i: v[:17] + next(
        c for c in "0123456789X"[i % 11:] + "0123456789X" if c != v[17]))),
    Kind("national_id", _ids(lambda v, i: f"{float(v[:17] + v[17].replace('X', '0')):.14E}")),
    Kind("national_id", _ids(lambda v, i: _recheck(("00", "99")[i % 2] + v[2:17]))),
    Kind("national_id", _ids(lambda v, i: _recheck(
        v[:10] + "13" + v[12:17] if i % 2 == 0 else v[:10] + "0230" + v[14:17]))),
)


def _opposite_sex(rng: np.random.Generator, rows: pl.DataFrame, year: int) -> list[str]:
    return ["女" if national_id.sex(v) == "男" else "男" for v in rows["national_id"]]


def _other_birth_date(rng: np.random.Generator, rows: pl.DataFrame, year: int) -> list[str]:
    shifts = rng.integers(1, 400, rows.height) * rng.choice([-1, 1], rows.height)
    return [(national_id.birth_date(v) + dt.timedelta(days=int(s))).isoformat()
            for v, s in zip(rows["national_id"], shifts)]


def _unlisted_mentor(rng: np.random.Generator, rows: pl.DataFrame, year: int) -> list[str]:
    # Real universities' codes with a number far beyond their listed mentors.
    codes = rng.integers(0, len(UNIVERSITIES), rows.height)
    numbers = rng.integers(0, 100, rows.height)
    return [f"M{UNIVERSITIES[c].code}9{int(n):02d}" for c, n in zip(codes, numbers)]


def _activity_dates_outside(rng: np.random.Generator, rows: pl.DataFrame, year: int) -> list[str]:
    before = dt.date(year - 1, 12, 1)
    after = dt.date(year + 1, 4, 1)
    days = rng.integers(0, 31, rows.height)
    return [((before if i % 2 == 0 else after) + dt.timedelta(days=int(d))).isoformat()
            for i, d in enumerate(days)]


def _years(offsets: tuple[int, ...]) -> Callable:
    return lambda rng, rows, year: [str(year + offsets[i % len(offsets)]) for i in range(rows.height)]


def _has(column: str) -> Callable[[pl.DataFrame], np.ndarray]:
    return lambda rows: rows[f"_has_{column}"].to_numpy()


def _in_base(rows: pl.DataFrame) -> np.ndarray:
    return rows["_has_topnotch_year"].to_numpy() & (rows["topnotch"] == "是").fill_null(False).to_numpy()


_DATE_TEXT = ("不详", "待定", "2019年秋")
_YEAR_TEXT = ("不详", "往年")

INVALID_KINDS: dict[str, tuple[Kind, ...]] = {
    registry.COHORT.name: (
        Kind("gender", _cycle(("未知", "不详")), _has("gender")),
        Kind("grade", _cycle(("高三", "初三"))),
        Kind("discipline", _cycle(("天文", "地理"))),
        Kind("birth_date", _cycle(_DATE_TEXT), _has("birth_date")),
        Kind("cohort_year", _cycle(_YEAR_TEXT), _has("cohort_year")),
    ),
    registry.APPLICANTS.name: (
        Kind("selected", _cycle(("也许", "待定"))),
        Kind("grade", _cycle(("高三", "初三"))),
        Kind("gender", _cycle(("未知", "不详")), _has("gender")),
        Kind("discipline", _cycle(("天文", "地理"))),
        Kind("selection_score", _cycle(("缺考", "未测"))),
    ),
    registry.TRAINING.name: (
        Kind("activity_type", _cycle(("参观", "游学"))),
        Kind("hours", _cycle(("两小时", "半天"))),
        Kind("activity_date", _cycle(_DATE_TEXT)),
    ),
    registry.ASSESSMENT.name: (
        Kind("result", _cycle(("良好", "及格"))),
        Kind("assessment_date", _cycle(_DATE_TEXT), _has("assessment_date")),
    ),
    registry.FOLLOWUP.name: (
        Kind("status", _cycle(("失联", "待定"))),
        Kind("topnotch", _cycle(("也许", "待定"))),
        Kind("survey_year", _cycle(_YEAR_TEXT), _has("survey_year")),
        Kind("topnotch_year", _cycle(_YEAR_TEXT), _has("topnotch_year")),
    ),
}

OUT_OF_RANGE_KINDS: dict[str, tuple[Kind, ...]] = {
    registry.COHORT.name: (Kind("cohort_year", _years((-1, 1)), _has("cohort_year")),),
    registry.APPLICANTS.name: (Kind("selection_score", _cycle(("101", "105.5", "-2"))),),
    registry.TRAINING.name: (
        Kind("hours", _cycle(("0", "25", "30", "-2"))),
        Kind("activity_date", _activity_dates_outside),
    ),
    registry.FOLLOWUP.name: (
        # Not where a 拔尖 year is given: an earlier survey year would put it in the future.
        Kind("survey_year", _years((-1, 1)), lambda rows: _has("survey_year")(rows)
             & rows["topnotch_year"].is_null().to_numpy()),
        Kind("topnotch_year", _years((1, 2)), _in_base),
        Kind("topnotch_year", lambda rng, rows, year: [str(y - 1) for y in rows["_first_year"]],
             _in_base),
    ),
}

# The sources whose rows get injected defects: the bases' rosters are written by
# rosters.py with their own realistic variants (IDs missing or mistyped, name and school
# spellings) and no injected rejection.
DEFECT_SOURCES = tuple(s.name for s in registry.DELIVERY_SOURCES if s is not registry.TOPNOTCH_ROSTER)
# Reasons given by changing clean rows, per source, in the order they are injected.
MUTATIONS: dict[str, dict[str, tuple[Kind, ...]]] = {
    source: {
        "invalid_national_id": ID_KINDS,
        "missing_value": tuple(Kind(c.name, _cycle((None,))) for c in required_columns(source)),
        "invalid_value": INVALID_KINDS[source],
        **({"unknown_province": (Kind("province", _cycle(("江南省", "Canton", "990000"))),)}
           if source in (registry.COHORT.name, registry.APPLICANTS.name) else {}),
        **({"out_of_range": OUT_OF_RANGE_KINDS[source]} if source in OUT_OF_RANGE_KINDS else {}),
        **({"gender_mismatch": (Kind("gender", _opposite_sex, _has("gender")),)}
           if source in (registry.COHORT.name, registry.APPLICANTS.name) else {}),
        **({"birth_date_mismatch": (Kind("birth_date", _other_birth_date, _has("birth_date")),),
            "unknown_university": (Kind("university", _cycle(UNLISTED_UNIVERSITIES)),)}
           if source == registry.COHORT.name else {}),
        **({"unknown_mentor": (Kind("mentor_id", _unlisted_mentor, _has("mentor_id")),)}
           if source in (registry.COHORT.name, registry.TRAINING.name) else {}),
    }
    for source in DEFECT_SOURCES
}
UNKNOWN_STUDENT_SOURCES = tuple(s.name for s in registry.DELIVERY_SOURCES if s.checked_against_cohort)


@dataclass
class Injector:
    """Injects the defects of one generation; remembers whose turn each kind is and
    which stranger ID numbers are taken."""

    rng: np.random.Generator
    rate: float
    turn: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    strangers: set[str] = field(default_factory=set)

    def count(self, rows: int) -> int:
        """Rows to hit for one reason among `rows` clean rows: the rate's share, at least one."""
        return 0 if self.rate <= 0 or rows == 0 else max(1, round(self.rate * rows))

    def inject(self, rows: pl.DataFrame, source: str, year: int, plans: list[FilePlan],
               protected: pl.Series | None = None) -> pl.DataFrame:
        """Rows of one source and year (with `_file` and `_order`) → the same rows with
        defects injected and marked, plus the added rows. `protected` marks rows that
        must stay clean (those of students selected twice)."""
        file = rows["_file"].to_numpy()
        rows = rows.with_columns(
            _reason=pl.lit(None, pl.String), _column=pl.lit(None, pl.String), _added=pl.lit(False),
            **{f"_has_{c}": pl.Series(np.array([c in p.columns for p in plans])[file])
               for c in column_names(source)},
        )
        if source == registry.COHORT.name:
            rows = rows.with_columns(_reason=pl.when("_repeat").then(pl.lit("repeat_cohort")))
        clean = rows["_reason"].is_null().to_numpy()
        available = clean & ~(protected.to_numpy() if protected is not None else False)
        # Changing an applicant who was selected would break "cohort = selected applicants".
        mutable = available & ~(rows["_selected"].to_numpy() if source == registry.APPLICANTS.name else False)
        n = int(clean.sum())
        changes: dict[str, tuple[list[int], list]] = defaultdict(lambda: ([], []))
        for reason, kinds in MUTATIONS[source].items():
            for kind, picked in self._pick(source, reason, kinds, rows, mutable, self.count(n)):
                subset = rows[picked]
                for column, value in ((kind.column, kind.new_values(self.rng, subset, year)),
                                      ("_reason", [reason] * len(picked)),
                                      ("_column", [kind.column] * len(picked))):
                    changes[column][0].extend(picked.tolist())
                    changes[column][1].extend(value)
                available[picked] = False
        for column, (index, values) in changes.items():
            rows = rows.with_columns(rows[column].scatter(index, pl.Series(values, dtype=pl.String)))
        added = [self._duplicates(rows, available, plans, self.count(n))]
        if source == registry.FOLLOWUP.name:
            added.append(self._second_answers(rows, available, plans, self.count(n)))
        if source in UNKNOWN_STUDENT_SOURCES:
            added.append(self._strangers(rows, source, year, self.count(n)))
        out = pl.concat([rows, *added], how="vertical")
        return out.drop([c for c in out.columns if c.startswith("_has_")])

    def _pick(self, source: str, reason: str, kinds: tuple[Kind, ...], rows: pl.DataFrame,
              mutable: np.ndarray, count: int):
        """(kind, row indices) pairs: `count` rows for the reason, spread over its kinds
        starting with the kind whose turn it is; a kind no row suits passes its share on."""
        start = self.turn[(source, reason)]
        self.turn[(source, reason)] += count
        share = [count // len(kinds) + (1 if (i - start) % len(kinds) < count % len(kinds) else 0)
                 for i in range(len(kinds))]
        carry = 0
        for step in range(len(kinds)):
            i = (start + step) % len(kinds)
            kind = kinds[i]
            wanted = share[i] + carry
            eligible = mutable.copy()
            if kind.applies is not None:
                eligible &= kind.applies(rows)
            pool = np.flatnonzero(eligible)
            taken = min(wanted, len(pool))
            carry = wanted - taken
            if taken:
                picked = np.sort(self.rng.choice(pool, size=taken, replace=False))
                mutable[picked] = False
                yield kind, picked

    def _position(self, sizes: dict[int, int], file: int, after: int = -1) -> float:
        """A place in `file` between existing rows, after the row at position `after`."""
        return float(self.rng.integers(after + 1, sizes.get(file, 0) + 1)) - 0.5

    def _take(self, available: np.ndarray, count: int) -> np.ndarray:
        pool = np.flatnonzero(available)
        picked = np.sort(self.rng.choice(pool, size=min(count, len(pool)), replace=False))
        available[picked] = False
        return picked

    def _duplicates(self, rows: pl.DataFrame, available: np.ndarray, plans: list[FilePlan],
                    count: int) -> pl.DataFrame:
        """Copies of clean rows, later in the same file or in a later file with the same
        columns (written with other spellings, they are still identical rows)."""
        picked = self._take(available, count)
        originals = rows[picked]
        files, orders = [], []
        sizes = _file_sizes(rows)
        for file, order in zip(originals["_file"], originals["_order"]):
            later = [j for j, p in enumerate(plans)
                     if p.columns == plans[file].columns and comes_after(plans[file], p)]
            if later and self.rng.random() < 0.3:
                target = later[int(self.rng.integers(0, len(later)))]
                files.append(target)
                orders.append(self._position(sizes, target))
            else:
                files.append(file)
                orders.append(self._position(sizes, file, int(order)))
        return originals.with_columns(
            _file=pl.Series(files, dtype=pl.Int32), _order=pl.Series(orders, dtype=pl.Float64),
            _reason=pl.lit("duplicate_row"), _column=pl.lit(None, pl.String), _added=pl.lit(True),
        )

    def _second_answers(self, rows: pl.DataFrame, available: np.ndarray, plans: list[FilePlan],
                        count: int) -> pl.DataFrame:
        """For some answers, another answer of the same person and survey year with a
        different status, placed before the answer that is kept (earlier in the same
        file or in an earlier file)."""
        picked = self._take(available, count)
        originals = rows[picked]
        statuses, files, orders = [], [], []
        sizes = _file_sizes(rows)
        for status, file, order in zip(originals["status"], originals["_file"], originals["_order"]):
            others = [s for s in STATUSES if s != status]
            statuses.append(others[int(self.rng.integers(0, len(others)))])
            earlier = [j for j, p in enumerate(plans) if comes_after(p, plans[file])]
            if earlier and self.rng.random() < 0.3:
                target = earlier[int(self.rng.integers(0, len(earlier)))]
                files.append(target)
                orders.append(self._position(sizes, target))
            else:
                files.append(file)
                orders.append(float(self.rng.integers(0, int(order) + 1)) - 0.5)
        return originals.with_columns(
            *(pl.lit(None, pl.String).alias(c) for c in _ANSWER_DETAILS),
            status=pl.Series(statuses, dtype=pl.String),
            _file=pl.Series(files, dtype=pl.Int32), _order=pl.Series(orders, dtype=pl.Float64),
            _reason=pl.lit("duplicate_response"), _column=pl.lit(None, pl.String), _added=pl.lit(True),
        )

    def _strangers(self, rows: pl.DataFrame, source: str, year: int, count: int) -> pl.DataFrame:
        """Rows like clean ones, for people in no cohort (valid, unused ID numbers)."""
        clean = np.flatnonzero(rows["_reason"].is_null().to_numpy())
        templates = rows[np.sort(self.rng.choice(clean, size=min(count, len(clean)), replace=False))]
        ids = stranger_ids(self.rng, templates.height, year, self.strangers)
        extra = {"national_id": pl.Series(ids, dtype=pl.String)}
        if "name" in templates.columns:
            male = np.array([national_id.sex(i) == "男" for i in ids], dtype=bool)
            extra["name"] = pl.Series(person_names(self.rng, male), dtype=pl.String)
        sizes = _file_sizes(rows)
        orders = [self._position(sizes, f) for f in templates["_file"]]
        return templates.with_columns(
            **extra, _person=pl.lit(-1, templates.schema["_person"]),
            _order=pl.Series(orders, dtype=pl.Float64), _reason=pl.lit("unknown_student"),
            _column=pl.lit("national_id"), _added=pl.lit(True),
        )


def _file_sizes(rows: pl.DataFrame) -> dict[int, int]:
    sizes = rows.group_by("_file").len().to_dict(as_series=False)
    return dict(zip(sizes["_file"], sizes["len"]))


def rejected_persons(cohort_rows: pl.DataFrame) -> set[int]:
    """Persons whose cohort row was changed into a rejected row: they get no training,
    assessment or survey rows (those would all be unknown_student)."""
    rejected = cohort_rows.filter(pl.col("_reason").is_in(ROW_REJECT_REASONS) & ~pl.col("_added"))
    return set(rejected["_person"].to_list())
