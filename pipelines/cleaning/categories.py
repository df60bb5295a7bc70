"""Coded values (gender, grade, discipline, yes/no, the status and result lists) and
provinces, matched against their accepted spellings."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipelines.cleaning.numbers import parse_number
from pipelines.cleaning.spellings import GRADE, keyed
from pipelines.cleaning.text import spelling_key
from pipelines.contract.provinces import CODE_BY_SPELLING


def parse_coded(raw: pl.Expr, spellings: Mapping[str, object], dtype: pl.DataType) -> pl.Expr:
    """The canonical value of the spelling a cell matches, ignoring width, white space and
    case; null for a blank cell or a spelling not in the table."""
    table = keyed(spellings)
    return spelling_key(raw).replace_strict(
        list(table), list(table.values()), default=None, return_dtype=dtype
    )


def parse_grade(raw: pl.Expr) -> pl.Expr:
    """高一/高二 from any grade spelling; 10 and 11 also as numbers written `10.0`."""
    number = parse_number(raw)
    as_integer_text = pl.when(number == number.floor()).then(number.cast(pl.Int64).cast(pl.String))
    return pl.coalesce(
        parse_coded(raw, GRADE, pl.String), parse_coded(as_integer_text, GRADE, pl.String)
    )


def parse_province(raw: pl.Expr) -> pl.Expr:
    """The six-digit GB/T 2260 code of the reporting unit a cell names (full name, short
    name, pinyin, alias or code); null for a blank cell or no unit."""
    return spelling_key(raw).replace_strict(
        list(CODE_BY_SPELLING), list(CODE_BY_SPELLING.values()), default=None,
        return_dtype=pl.String,
    )
