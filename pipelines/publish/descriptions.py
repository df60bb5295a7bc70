"""What every table and column of analytics.duckdb is, for its `COMMENT ON` text and the
data dictionary: what the table's maker says (pipelines/descriptions.py); for a public
table that mirrors a mart, a column it does not describe means what it means in the mart
(`PUBLIC_MIRRORS`); else the column's meaning wherever it appears
(pipelines.descriptions.COLUMNS). A new table or column needs its text beside its maker,
and tests/test_publish.py fails until it has one.
"""

from __future__ import annotations

from pipelines.descriptions import COLUMNS, PUBLIC_SUMMARY_COLUMNS, describe

__all__ = ["PUBLIC_SUMMARY_COLUMNS", "column_description", "one_line", "table_description"]

# The public tables that are a mart with small cells suppressed: a column the public
# table does not describe itself means what it means in the mart.
PUBLIC_MIRRORS: dict[str, str] = {
    "public.metric_values": "marts.metric_values",
    "public.cohort_summary": "marts.cohort_summary",
    "public.province_year_summary": "marts.province_year_summary",
}


def one_line(text: str | None) -> str | None:
    """Docstrings and wrapped descriptions as one line of single spaces."""
    return " ".join(text.split()) if text and text.strip() else None


def table_description(table: str) -> str | None:
    return one_line(describe(table).description)


def column_description(table: str, column: str) -> str | None:
    mirrored = PUBLIC_MIRRORS.get(table)
    return one_line(
        describe(table).columns.get(column)
        or (describe(mirrored).columns.get(column) if mirrored else None)
        or COLUMNS.get(column)
    )
