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
    keyed = normalised_values(rows, source).select(
        "file_path", "row_number",
        pl.struct(["year", *values]).hash(seed=0).alias("_row_hash"),
    )
    candidates = (
        rows.select("file_path", "row_number", "reject_reason")
        .join(keyed, on=["file_path", "row_number"], how="left", maintain_order="left")
        .filter(pl.col("reject_reason").is_null())
        .sort("file_path", "row_number")
    )
    # Hashes group the candidates; equal hashes are then compared value by value, so a
    # hash collision can never reject a row that is not a true duplicate.
    repeated_hashes = candidates.filter(pl.col("_row_hash").is_duplicated())
    if repeated_hashes.height == 0:
        return rows
    full = normalised_values(
        rows.join(repeated_hashes.select("file_path", "row_number"), on=["file_path", "row_number"]),
        source,
    ).sort("file_path", "row_number")
    later = full.filter(pl.struct(["year", *values]).is_first_distinct().not_()).select(
        "file_path", "row_number", pl.lit(True).alias("_duplicate")
    )
    return (
        rows.join(later, on=["file_path", "row_number"], how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_duplicate").fill_null(False))
            .then(pl.lit("duplicate_row"))
            .otherwise(pl.col("reject_reason"))
            .alias("reject_reason"),
            pl.when(pl.col("_duplicate").fill_null(False))
            .then(pl.lit(None, pl.String))
            .otherwise(pl.col("reject_column"))
            .alias("reject_column"),
        )
        .drop("_duplicate")
    )
