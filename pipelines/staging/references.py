"""Matching delivered text to the reference tables: university names and aliases to a
university_code, mentor ids to the mentors list."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.text import spelling_key
from pipelines.contract.columns import header_key


def university_spellings(universities: pl.DataFrame) -> pl.DataFrame:
    """spelling key → university_code for every name and alias (`;` or `；` separated)
    of reference/universities.csv. A spelling two universities share matches neither."""
    rows = []
    for code, name, aliases in universities.select("university_code", "name", "aliases").iter_rows():
        if code is None or not str(code).strip():
            continue
        spellings = [name or "", *str(aliases or "").replace("；", ";").split(";")]
        rows += [(header_key(s), str(code).strip()) for s in spellings if header_key(s)]
    table = pl.DataFrame(rows, schema={"key": pl.String, "university_code": pl.String}, orient="row")
    return table.unique().filter(pl.col("key").is_unique())


def match_university(university: pl.Expr, spellings: pl.DataFrame) -> pl.Expr:
    """The university_code of a delivered university name or alias; null when unknown."""
    return spelling_key(university).replace_strict(
        spellings["key"], spellings["university_code"], default=None, return_dtype=pl.String
    )
