"""Expression builders shared by every kind of value: width folding, blank detection,
the spelling key that accepted spellings are compared by, and evaluation over distinct
values."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def width_fold(raw: pl.Expr) -> pl.Expr:
    """NFKC: full-width letters, digits, punctuation and the ideographic space become their
    ASCII forms (`３` → `3`, `Ｍ` → `M`, U+3000 → space)."""
    return raw.str.normalize("NFKC")


def is_blank(raw: pl.Expr) -> pl.Expr:
    """True for a null cell and for a cell of white space only (incl. U+3000 and NBSP)."""
    return raw.is_null() | (raw.str.strip_chars().str.len_bytes() == 0)


def clean_text(raw: pl.Expr) -> pl.Expr:
    """Free text as kept: width-folded, surrounding white space trimmed, blank → null.
    Inner white space is kept: in a name or a school it may be meant."""
    text = width_fold(raw).str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)


def spelling_key(raw: pl.Expr) -> pl.Expr:
    """A cell as compared against the accepted spellings of a field: width-folded, every
    white space removed, lower-cased. The expression counterpart of
    `pipelines.contract.columns.header_key`, which keys the spelling tables."""
    return width_fold(raw).str.replace_all(r"\s+", "").str.to_lowercase()


def per_distinct(
    raw: pl.Expr, parse: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType
) -> pl.Expr:
    """`parse(raw)`, evaluated once per distinct cell text and mapped back to every row.

    A delivered column repeats few texts over many rows (ten million training rows hold a
    few hundred dates, a handful of activity types), so parsing the distinct texts and
    mapping them back is several times faster than parsing every row. The mapping is
    vectorised (`replace_strict`); no Python runs per row. The batch must be the whole
    column (`is_elementwise=False`): the streaming engine would otherwise call it once per
    morsel and repeat the distinct step each time.
    """

    def parse_column(column: pl.Series) -> pl.Series:
        distinct = column.unique()
        parsed = pl.DataFrame({"raw": distinct}).select(parse(pl.col("raw"))).to_series()
        return column.replace_strict(distinct, parsed, default=None, return_dtype=dtype)

    return raw.map_batches(parse_column, return_dtype=dtype, is_elementwise=False)
