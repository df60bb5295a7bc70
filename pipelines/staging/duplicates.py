"""`duplicate_row`: a row identical after normalisation to an earlier row of the same
source and year ("earlier" in file-name then row order)."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.row_keys import normalised_values
from pipelines.contract.columns import column_names


def mark_duplicate_rows(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """`typed_rows` output with reject_reason set to duplicate_row on every row that
    repeats an earlier row passing the single-row rules. A row rejected for an earlier
    rule keeps that reason: an identical copy breaks the same rule first."""
    values = column_names(source)
    # normalised_values selects from `rows` without filtering: the same rows, in order.
    row_hash = normalised_values(rows, source).select(
        pl.struct(["year", *values]).hash(seed=0)
    ).to_series()
    candidates = (
        rows.select("file_path", "row_number", "reject_reason")
        .with_columns(row_hash.alias("_row_hash"))
        .with_row_index("_position")
        .filter(pl.col("reject_reason").is_null())
    )
    # Hashes group the candidates; equal hashes are then compared value by value, so a
    # hash collision can never reject a row that is not a true duplicate.
    repeated = candidates.filter(pl.col("_row_hash").is_duplicated())
    if repeated.height == 0:
        return rows
    positions = repeated["_position"]
    full = (
        normalised_values(rows[positions], source)
        .with_columns(positions.alias("_position"))
        .sort("file_path", "row_number")
    )
    later = full.filter(pl.struct(["year", *values]).is_first_distinct().not_())["_position"]
    duplicate = pl.int_range(pl.len(), dtype=positions.dtype).is_in(later.implode())
    return rows.with_columns(
        pl.when(duplicate).then(pl.lit("duplicate_row")).otherwise(pl.col("reject_reason")).alias("reject_reason"),
        pl.when(duplicate).then(pl.lit(None, pl.String)).otherwise(pl.col("reject_column")).alias("reject_column"),
    )
