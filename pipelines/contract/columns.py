"""The columns of every source and reference table: English name, canonical Chinese
header, aliases and whether the column is required — a view of the declarations in
`pipelines.registry.sources`, keyed by source.

Headers in a delivered file are matched after `header_key`: trimmed, NFKC-normalised (so
full-width and half-width forms compare equal) and case-folded. The English name is the
column's name everywhere inside the warehouse.
"""

from __future__ import annotations

import unicodedata

from pipelines.registry import sources as registry
from pipelines.registry.sources import NATIONAL_ID, Column  # noqa: F401  (re-exported)


def header_keys(column: Column) -> tuple[str, ...]:
    """Every accepted spelling of a column's header, as `header_key`."""
    spellings = (column.name, *((column.canonical,) if column.canonical else ()), *column.aliases)
    return tuple(header_key(s) for s in spellings)


def header_key(header: object) -> str:
    """A header as compared against the contract: trimmed, width-folded, case-folded."""
    if header is None:
        return ""
    text = unicodedata.normalize("NFKC", str(header))
    return "".join(text.split()).casefold() if text.strip() else ""


SOURCE_COLUMNS: dict[str, tuple[Column, ...]] = {s.name: s.columns for s in registry.DELIVERY_SOURCES}
REFERENCE_COLUMNS: dict[str, tuple[Column, ...]] = {r.name: r.columns for r in registry.REFERENCE_FILES}
ALL_COLUMNS: dict[str, tuple[Column, ...]] = {**SOURCE_COLUMNS, **REFERENCE_COLUMNS}


def column_names(source: str) -> tuple[str, ...]:
    return tuple(c.name for c in ALL_COLUMNS[source])


def required_columns(source: str) -> tuple[Column, ...]:
    return tuple(c for c in ALL_COLUMNS[source] if c.required)


def header_lookup(source: str) -> dict[str, str]:
    """Every accepted header spelling of a source (as `header_key`) → column name."""
    return {key: column.name for column in ALL_COLUMNS[source] for key in header_keys(column)}
