"""The quality of a unit's deliveries, from the published delivery-quality tables of
analytics.duckdb (counts of delivered files and rows, never a key or a delivered value):

- public.delivery_unit_files: one row per (delivered file, unit it concerns) with its
  status, version and the unit's share of its rows;
- public.delivery_rejected_rows: rejected rows per year, source, reason and unit;
- public.delivery_warnings: warnings on accepted rows per year, source, reason and unit
  (by unit only where the table has `province_code`);
- public.delivery_redeliveries: per replaced file, unit and reason, the rejections the new
  version resolved, those still open and the new ones.

`read_deliveries` is the one place that reads them: a table that is absent (an older
database) reads as an empty frame of its columns, and `present` says which were there, so
the pack says "not available" rather than "none".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

UNIT_FILES, REJECTED_ROWS, WARNINGS, REDELIVERIES = (
    "delivery_unit_files", "delivery_rejected_rows", "delivery_warnings", "delivery_redeliveries")
# table → its columns and types (INTERFACES13; sql/public/delivery_*.sql)
COLUMNS: dict[str, dict[str, pl.DataType]] = {
    UNIT_FILES: {"year": pl.Int32, "province_code": pl.Utf8, "file_path": pl.Utf8, "source": pl.Utf8,
                 "status": pl.Utf8, "reason": pl.Utf8, "version": pl.Int32, "rows_read": pl.Int64,
                 "rows_loaded": pl.Int64, "rows_rejected": pl.Int64, "rows_warned": pl.Int64},
    REJECTED_ROWS: {"year": pl.Int32, "source": pl.Utf8, "reason": pl.Utf8, "province_code": pl.Utf8,
                    "rows": pl.Int64},
    WARNINGS: {"year": pl.Int32, "source": pl.Utf8, "reason": pl.Utf8, "province_code": pl.Utf8,
               "rows": pl.Int64},
    REDELIVERIES: {"year": pl.Int32, "province_code": pl.Utf8, "file_path": pl.Utf8, "source": pl.Utf8,
                   "version": pl.Int32, "previous_version": pl.Int32, "reason": pl.Utf8,
                   "resolved": pl.Int64, "still_open": pl.Int64, "new": pl.Int64},
}


def _empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=COLUMNS[table])


@dataclass(frozen=True)
class Deliveries:
    """The four tables (every unit, every year) and which of them the database has."""

    tables: dict[str, pl.DataFrame]
    present: frozenset[str]

    def of(self, unit: str, year: int) -> UnitDeliveries:
        def rows(table: str) -> pl.DataFrame:
            return self.tables[table].filter((pl.col("year") == year) & (pl.col("province_code") == unit))
        return UnitDeliveries(unit, year, rows(UNIT_FILES), rows(REJECTED_ROWS), rows(WARNINGS),
                              rows(REDELIVERIES), self.present)


@dataclass(frozen=True)
class UnitDeliveries:
    unit: str
    year: int
    files: pl.DataFrame
    rejected: pl.DataFrame
    warnings: pl.DataFrame
    redeliveries: pl.DataFrame
    present: frozenset[str]

    def has(self, table: str) -> bool:
        return table in self.present

    def by_reason(self, frame: pl.DataFrame) -> list[tuple[str, int]]:
        """(reason, rows) over the unit's sources, most rows first."""
        if frame.is_empty():
            return []
        summed = frame.group_by("reason").agg(pl.col("rows").sum()).sort(["rows", "reason"], descending=[True, False])
        return [(r, int(n)) for r, n in summed.iter_rows()]

    def redelivered_by_reason(self) -> list[tuple[str, int, int, int]]:
        """(reason, resolved, still open, new) over the unit's replaced files."""
        if self.redeliveries.is_empty():
            return []
        summed = (self.redeliveries.group_by("reason")
                  .agg(pl.col("resolved").sum(), pl.col("still_open").sum(), pl.col("new").sum())
                  .sort("reason"))
        return [(r, int(a), int(b), int(c)) for r, a, b, c in summed.iter_rows()]

    def totals(self) -> dict[str, int]:
        """Files and rows of the unit's deliveries that year (from delivery_unit_files)."""
        files = self.files
        return {
            "files": files.height,
            "files_rejected": files.filter(pl.col("status") == "rejected").height,
            **{c: int(files[c].sum() or 0) for c in ("rows_read", "rows_loaded", "rows_rejected", "rows_warned")},
        }


def read_deliveries(analytics: Path) -> Deliveries:
    """Every delivery-quality table of the published database; an absent table (or one
    without the unit column) is an empty frame and is left out of `present`."""
    tables, present = {}, set()
    with duckdb.connect(str(analytics), read_only=True) as con:
        found = {(name, column) for name, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        ).fetchall()}
        for table, columns in COLUMNS.items():
            if not all((table, c) in found for c in columns):
                tables[table] = _empty(table)
                continue
            # Table and column names from the fixed COLUMNS above.
            frame = con.execute(f"SELECT {', '.join(columns)} FROM public.{table}").pl()
            tables[table] = frame.cast(columns)
            present.add(table)
    return Deliveries(tables, frozenset(present))
