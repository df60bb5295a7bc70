"""The single-row warnings: a given gender or birth date that disagrees with the ID.
The row is kept and the ID wins; the issue is recorded one row per warning."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.codes import BIRTH_DATE_MISMATCH, GENDER_MISMATCH
from pipelines.cleaning.fields import typed_value
from pipelines.cleaning.row_rules import raw_name
from pipelines.contract.columns import column_names

WARNING_SCHEMA = pl.Schema(
    {"file_path": pl.String(), "row_number": pl.Int64(), "reason": pl.String(),
     "column_name": pl.String()}
)

# reason → column it is about; the typed column holds the ID's value, the `_raw` column
# what was delivered.
_COLUMN_OF_WARNING = {GENDER_MISMATCH: "gender", BIRTH_DATE_MISMATCH: "birth_date"}


def row_warnings(rows: pl.DataFrame | pl.LazyFrame, source: str) -> pl.LazyFrame:
    """Warnings of the rows of `typed_rows` that no rule rejects (`reject_reason` null):
    columns file_path, row_number, reason, column_name; a row may have several, ordered
    by file, row and the contract's warning order.

    Call it again after the cross-row rules have filled in more reject reasons, so only
    finally accepted rows carry warnings. A blank or unparseable given value warns of
    nothing (blank is taken from the ID; unparseable is rejected as invalid_value).
    """
    accepted = rows.lazy().filter(pl.col("reject_reason").is_null())
    names = column_names(source)
    parts = [
        accepted.filter(
            (typed_value(column, pl.col(raw_name(column))) != pl.col(column)).fill_null(False)
        ).select(
            "file_path", "row_number",
            pl.lit(reason).alias("reason"), pl.lit(column).alias("column_name"),
        )
        for reason, column in _COLUMN_OF_WARNING.items() if column in names
    ]
    if not parts:
        return pl.LazyFrame(schema=WARNING_SCHEMA)
    order = pl.col("reason").replace_strict(
        list(_COLUMN_OF_WARNING), list(range(len(_COLUMN_OF_WARNING)))
    )
    return pl.concat(parts).sort("file_path", "row_number", order).cast(WARNING_SCHEMA)
