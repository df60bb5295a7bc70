"""What the validated tables must hold, read off the contract and the cleaning code
rather than restated: the staging columns of each source with their types, the columns an
accepted row always fills, the canonical value sets, and the dtype names pandas gives each
warehouse type when a frame is pulled from DuckDB with `.df()`.

Plain data, no Great Expectations: the suites (`suites.py`) turn it into expectations.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import polars as pl

from pipelines.cleaning import spellings
from pipelines.cleaning.fields import COLUMN_KINDS
from pipelines.cleaning.row_rules import DEFAULTS, ID_WINS
from pipelines.contract.columns import SOURCE_COLUMNS, column_names
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.staging.sources import (ID_INVALID_FLAG, ID_OVERRIDES, ID_WARNING_SOURCES,
                                      RESTRICTED_COLUMNS, UNIVERSITY_SOURCES)

# The pandas dtypes DuckDB's `.df()` gives a column of each type: numpy types when the
# column holds no NULL, pandas' nullable extension types (named by their class, which is
# how Great Expectations looks them up) when it does. Text arrives as an object column,
# whose values Great Expectations checks one by one: they must be Python `str`.
PANDAS_DTYPES: Mapping[type[pl.DataType], tuple[str, ...]] = MappingProxyType({
    pl.String: ("str",),
    pl.Int32: ("int32", "Int32Dtype"),
    pl.Int64: ("int64", "Int64Dtype"),
    pl.Float64: ("float64",),
    pl.Boolean: ("bool", "BooleanDtype"),
    pl.Date: ("datetime64[us]", "datetime64[ns]"),
})

# Every staging table starts with the row's lineage and its pseudonymous person key.
LINEAGE: Mapping[str, pl.DataType] = MappingProxyType({
    "year": pl.Int32(),
    "file_path": pl.String(),
    "row_number": pl.Int64(),
    "person_key": pl.String(),
})
ROW_REASON_COLUMNS = ("row_reason", "row_reason_column")

# Coded contract columns → the canonical values their spellings map to. Provinces are
# six-digit codes of the 32 reporting units.
VALUE_SETS: Mapping[str, tuple[object, ...]] = MappingProxyType({
    "gender": spellings.canonical_values(spellings.GENDER),
    "grade": spellings.canonical_values(spellings.GRADE),
    "discipline": spellings.canonical_values(spellings.DISCIPLINE),
    "activity_type": spellings.canonical_values(spellings.ACTIVITY_TYPE),
    "assessment_type": spellings.canonical_values(spellings.ASSESSMENT_TYPE),
    "result": spellings.canonical_values(spellings.RESULT),
    "status": spellings.canonical_values(spellings.STATUS),
    "major_category": spellings.canonical_values(spellings.MAJOR_CATEGORY),
    "admission_route": spellings.canonical_values(spellings.ADMISSION_ROUTE),
    "base_discipline": spellings.canonical_values(spellings.TOPNOTCH_DISCIPLINE),
    "province": PROVINCE_CODES,
})


def pandas_dtypes(dtype: pl.DataType) -> list[str]:
    """The pandas dtype names a warehouse column of this (Polars) type may arrive as."""
    return list(PANDAS_DTYPES[type(dtype)])


def staging_columns(source: str) -> dict[str, pl.DataType]:
    """The columns of staging.<source> and their types, in table order: lineage and
    person_key, the contract's columns without name and national ID, the flags of values
    the ID overrode, the matched university_code, and the within-year row reason."""
    names = column_names(source)
    columns: dict[str, pl.DataType] = dict(LINEAGE)
    columns |= {c: COLUMN_KINDS[c].dtype for c in names if c not in RESTRICTED_COLUMNS[source]}
    columns |= {flag: pl.Boolean() for column, flag in ID_OVERRIDES.items() if column in names}
    if source in ID_WARNING_SOURCES:
        columns[ID_INVALID_FLAG] = pl.Boolean()
    if source in UNIVERSITY_SOURCES:
        columns["university_code"] = pl.String()
    columns |= {c: pl.String() for c in ROW_REASON_COLUMNS}
    return columns


def filled_in_accepted_rows(source: str) -> list[str]:
    """The staging columns no accepted row leaves empty: lineage and person_key, the
    contract's required columns, the optional ones with a default (cohort_year,
    survey_year: Y; topnotch: false), those a valid ID supplies (gender, birth_date),
    and the override flags."""
    names = column_names(source)
    required = [c.name for c in SOURCE_COLUMNS[source] if c.required and c.name not in RESTRICTED_COLUMNS[source]]
    # Where the ID is optional (topnotch_roster), neither person_key nor what the ID
    # supplies is filled on every row.
    optional_id = source in ID_WARNING_SOURCES
    defaulted = [c for c in names if c in DEFAULTS or (c in ID_WINS and not optional_id)]
    flags = [flag for column, flag in ID_OVERRIDES.items() if column in names]
    flags += [ID_INVALID_FLAG] if optional_id else []
    lineage = [c for c in LINEAGE if not (optional_id and c == "person_key")]
    filled = [*lineage, *required, *defaulted, *flags]
    return [c for c in staging_columns(source) if c in filled]


def coded_columns(source: str) -> dict[str, tuple[object, ...]]:
    """The coded columns of a source's staging table and their canonical values."""
    return {c: VALUE_SETS[c] for c in staging_columns(source) if c in VALUE_SETS}
