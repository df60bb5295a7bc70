"""`duplicate_row`: a row identical after normalisation to an earlier row of the same
source and year ("earlier" in file-name then row order).

Judged among the rows that pass the single-row rules: an identical copy of a rejected
row breaks the same rule already, and is rejected (and listed) for that. A duplicate
names the row it repeats (`duplicate_of_file_path`, `duplicate_of_row_number`: the
first of the identical rows), so a steward can see which one to keep."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.row_keys import normalised_values
from pipelines.contract.columns import column_names


DUPLICATE_OF = ("duplicate_of_file_path", "duplicate_of_row_number")


def mark_duplicate_rows(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """`typed_rows` output with reject_reason set to duplicate_row on every row that
    repeats an earlier row passing the single-row rules, and DUPLICATE_OF naming that
    earlier row (null on the other rows). A row rejected for an earlier rule keeps that
    reason: an identical copy breaks the same rule first."""
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
        return rows.with_columns(
            pl.lit(None, dtype).alias(name) for name, dtype in zip(DUPLICATE_OF, (pl.String, pl.Int64))
        )
    positions = repeated["_position"]
    full = (
        normalised_values(rows[positions], source)
        .with_columns(positions.alias("_position"))
        .sort("file_path", "row_number")
    )
    identical = ["year", *values]
    later = full.with_columns(
        pl.col("file_path").first().over(identical).alias(DUPLICATE_OF[0]),
        pl.col("row_number").cast(pl.Int64).first().over(identical).alias(DUPLICATE_OF[1]),
    ).filter(pl.struct(identical).is_first_distinct().not_())
    duplicate = pl.int_range(pl.len(), dtype=positions.dtype).is_in(later["_position"].implode())
    # Scattered into null columns: the few duplicates, not a join over every row.
    earlier = [
        pl.repeat(None, rows.height, dtype=dtype, eager=True).alias(name).scatter(later["_position"], later[name])
        for name, dtype in zip(DUPLICATE_OF, (pl.String, pl.Int64))
    ]
    return rows.with_columns(
        *earlier,
        pl.when(duplicate).then(pl.lit("duplicate_row")).otherwise(pl.col("reject_reason")).alias("reject_reason"),
        pl.when(duplicate).then(pl.lit(None, pl.String)).otherwise(pl.col("reject_column")).alias("reject_column"),
    )
