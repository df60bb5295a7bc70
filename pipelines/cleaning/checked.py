"""One call for the staging layer: a source's raw frame → typed rows and warnings."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.cleaning.row_rules import typed_rows
from pipelines.cleaning.row_warnings import row_warnings


@dataclass(frozen=True)
class CheckedRows:
    """rows: `typed_rows` of every raw row (rejected ones with their reason);
    warnings: `row_warnings` of the rows that pass."""

    rows: pl.DataFrame
    warnings: pl.DataFrame

    @property
    def accepted(self) -> pl.DataFrame:
        return self.rows.filter(pl.col("reject_reason").is_null())

    @property
    def rejected(self) -> pl.DataFrame:
        return self.rows.filter(pl.col("reject_reason").is_not_null())


def check_rows(raw: pl.DataFrame | pl.LazyFrame, source: str) -> CheckedRows:
    """Apply the single-row rules of `source` to its raw frame (see `row_rules`)."""
    rows = typed_rows(raw, source).collect()
    return CheckedRows(rows=rows, warnings=row_warnings(rows, source).collect())
