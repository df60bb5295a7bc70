"""Room for the cross-row rules: what "identical after normalisation" compares."""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from pipelines.cleaning.fields import typed_value
from pipelines.cleaning.row_rules import LINEAGE_COLUMNS, raw_name
from pipelines.contract.columns import column_names

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def normalised_values(rows: Frame, source: str) -> Frame:
    """Per row of `typed_rows`: the lineage columns and every contract column's normalised
    value as delivered, ready to hash or group by for `duplicate_row`.

    Two rows are identical after normalisation when these columns are equal, so
    `cohort_year` blank and `cohort_year` = Y are identical, and so are a blank gender
    and the gender the ID carries; but a gender or birth date that contradicts the ID is
    kept as delivered here (in the typed frame the ID has replaced it), so such a row
    differs from one that agrees with the ID.
    """
    names = column_names(source)
    as_delivered = {
        column: pl.coalesce(typed_value(column, pl.col(raw_name(column))), pl.col(column))
        for column in ("gender", "birth_date") if column in names
    }
    return rows.select(
        *LINEAGE_COLUMNS,
        *(as_delivered.get(column, pl.col(column)).alias(column) for column in names),
    )
