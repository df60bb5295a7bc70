"""How each contract column is typed: its parser, its Polars type, and the reason code a
non-blank cell that does not parse is rejected with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import polars as pl

from pipelines.cleaning import spellings
from pipelines.cleaning.categories import parse_coded, parse_grade, parse_province
from pipelines.cleaning.codes import INVALID_VALUE, UNKNOWN_PROVINCE
from pipelines.cleaning.dates import parse_date
from pipelines.cleaning.national_id import normalise_national_id
from pipelines.cleaning.numbers import parse_number, parse_year
from pipelines.cleaning.text import clean_text, per_distinct


@dataclass(frozen=True)
class Kind:
    """parse: raw text → typed value, null for a blank cell or one that does not parse.
    failure: the reason code for a non-blank cell that parses to null (None: every
    non-blank cell parses). per_distinct: parse each distinct text once (see
    `text.per_distinct`); off where nearly every row differs."""

    parse: Callable[[pl.Expr], pl.Expr]
    dtype: pl.DataType
    failure: str | None
    per_distinct: bool = True


def _coded(table: Mapping[str, object], dtype: pl.DataType = pl.String()) -> Kind:
    return Kind(partial(parse_coded, spellings=table, dtype=dtype), dtype, INVALID_VALUE)


# Validity of the number is a rule of its own (invalid_national_id), not a parse failure.
NATIONAL_ID = Kind(normalise_national_id, pl.String(), None, per_distinct=False)
TEXT = Kind(clean_text, pl.String(), None)
DATE = Kind(parse_date, pl.Date(), INVALID_VALUE)
NUMBER = Kind(parse_number, pl.Float64(), INVALID_VALUE)
YEAR = Kind(parse_year, pl.Int32(), INVALID_VALUE)
PROVINCE = Kind(parse_province, pl.String(), UNKNOWN_PROVINCE)
GRADE = Kind(parse_grade, pl.String(), INVALID_VALUE)

COLUMN_KINDS: Mapping[str, Kind] = {
    "national_id": NATIONAL_ID,
    "name": TEXT,
    "gender": _coded(spellings.GENDER),
    "birth_date": DATE,
    "province": PROVINCE,
    "school": TEXT,
    "grade": GRADE,
    "discipline": _coded(spellings.DISCIPLINE),
    "university": TEXT,
    "mentor_id": TEXT,
    "cohort_year": YEAR,
    "selection_score": NUMBER,
    "selected": _coded(spellings.YES_NO, pl.Boolean()),
    "activity_date": DATE,
    "activity_type": _coded(spellings.ACTIVITY_TYPE),
    "hours": NUMBER,
    "assessment_type": _coded(spellings.ASSESSMENT_TYPE),
    "result": _coded(spellings.RESULT),
    "assessment_date": DATE,
    "survey_year": YEAR,
    "status": _coded(spellings.STATUS),
    "major": TEXT,
    "major_category": _coded(spellings.MAJOR_CATEGORY),
    "admission_route": _coded(spellings.ADMISSION_ROUTE),
    "topnotch": _coded(spellings.YES_NO, pl.Boolean()),
    "topnotch_base": TEXT,
    "topnotch_year": YEAR,
    "high_school": TEXT,
    "base_discipline": _coded(spellings.TOPNOTCH_DISCIPLINE),
    "entry_year": YEAR,
}


def typed_value(column: str, raw: pl.Expr) -> pl.Expr:
    """The typed, normalised value of a contract column's raw text (before defaults and
    before the ID overrides gender and birth date)."""
    kind = COLUMN_KINDS[column]
    if kind.per_distinct:
        return per_distinct(raw, kind.parse, kind.dtype)
    return kind.parse(raw)
