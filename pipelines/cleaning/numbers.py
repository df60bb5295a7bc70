"""Numbers and years written as text: `3`, ` 3.0 `, full-width `３`, `4.5`, `1E+2`."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.text import width_fold

# Plain decimal or scientific notation. Anything else (`3,5`, `3小时`, `NaN`, `inf`) is
# no number, although Polars' cast would take some of them.
_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"

# A year is a whole number of four digits (`2019`, `2019.0`); `19` is not taken as 2019.
FIRST_YEAR, LAST_YEAR = 1000, 9999


def parse_number(raw: pl.Expr) -> pl.Expr:
    """A number cell → Float64; null for a blank cell or text that is no number."""
    text = width_fold(raw).str.strip_chars()
    return pl.when(text.str.contains(_NUMBER)).then(text.cast(pl.Float64, strict=False))


def parse_year(raw: pl.Expr) -> pl.Expr:
    """A year cell → Int32; null unless it is a whole number from 1000 to 9999."""
    number = parse_number(raw)
    whole = (number == number.floor()) & number.is_between(FIRST_YEAR, LAST_YEAR)
    return pl.when(whole).then(number.cast(pl.Int32))
