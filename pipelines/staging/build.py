"""One source's raw rows of one year → its staging rows."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.fields import typed_value
from pipelines.cleaning.national_id import is_valid_national_id
from pipelines.cleaning.row_rules import raw_name, typed_rows
from pipelines.contract.columns import column_names
from pipelines.identity import PersonKeys
from pipelines.staging.duplicates import mark_duplicate_rows
from pipelines.staging.references import match_university

# Personal identifiers stay in the raw layer and restricted.identities; staging and
# everything after it carry person_key instead.
IDENTIFYING_COLUMNS = ("national_id", "name")
# Given values the ID overrides; a disagreement is a warning (the flag columns).
ID_OVERRIDES = {"gender": "gender_mismatch", "birth_date": "birth_date_mismatch"}
# Sources whose delivered university text is matched to reference/universities.csv.
UNIVERSITY_SOURCES = ("cohort", "followup")


def stage_rows(raw: pl.DataFrame, source: str, keys: PersonKeys, universities: pl.DataFrame) -> pl.DataFrame:
    """Typed rows of one source and year: lineage, person_key (null where the ID is
    missing or invalid), the typed contract columns without name and ID, the first rule
    the row breaks within its year (`row_reason`, `row_reason_column`), and for accepted
    rows the flags of given values the ID overrode."""
    names = column_names(source)
    rows = mark_duplicate_rows(typed_rows(raw, source).collect(), source)
    valid_id = is_valid_national_id(pl.col("national_id")).fill_null(False)
    rows = rows.join(
        keys.of(rows.filter(valid_id)["national_id"]), on="national_id", how="left", maintain_order="left"
    )
    accepted = pl.col("reject_reason").is_null()
    extra = [
        (accepted & (typed_value(column, pl.col(raw_name(column))) != pl.col(column)).fill_null(False)).alias(flag)
        for column, flag in ID_OVERRIDES.items()
        if column in names
    ]
    if source in UNIVERSITY_SOURCES:
        extra.append(match_university(pl.col("university"), universities).alias("university_code"))
    kept = [c for c in names if c not in IDENTIFYING_COLUMNS]
    return rows.with_columns(extra).select(
        pl.col("year").cast(pl.Int32),
        "file_path",
        pl.col("row_number").cast(pl.Int64),
        "person_key",
        *kept,
        *(e.meta.output_name() for e in extra),
        pl.col("reject_reason").alias("row_reason"),
        pl.col("reject_column").alias("row_reason_column"),
    )
