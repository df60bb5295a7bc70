"""One source's raw rows of one year → its staging rows."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.fields import typed_value
from pipelines.cleaning.codes import INVALID_NATIONAL_ID
from pipelines.cleaning.row_rules import raw_name, typed_rows
from pipelines.contract.columns import column_names
from pipelines.contract.reasons import precedence
from pipelines.identity import PersonKeys
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.duplicates import mark_duplicate_rows
from pipelines.staging.references import match_university

# Personal identifiers stay in the raw layer and restricted.identities; staging and
# everything after it carry person_key instead.
IDENTIFYING_COLUMNS = ("national_id", "name")
# Given values the ID overrides; a disagreement is a warning (the flag columns).
ID_OVERRIDES = {"gender": "gender_mismatch", "birth_date": "birth_date_mismatch"}
if precedence(INVALID_NATIONAL_ID) != 0:
    raise RuntimeError("stage_rows reads ID validity off reject_reason: the ID must be checked first")
# Sources whose delivered university text is matched to reference/universities.csv.
UNIVERSITY_SOURCES = tuple(s.name for s in DELIVERY_SOURCES if s.matches_university)


def stage_rows(raw: pl.DataFrame, source: str, keys: PersonKeys, universities: pl.DataFrame) -> pl.DataFrame:
    """Typed rows of one source, of one year or several: lineage, person_key (null where the ID is
    missing or invalid), the typed contract columns without name and ID, the first rule
    the row breaks within its year (`row_reason`, `row_reason_column`), and for accepted
    rows the flags of given values the ID overrode."""
    names = column_names(source)
    rows = mark_duplicate_rows(typed_rows(raw, source).collect(), source)
    # The ID is checked first (invalid_national_id leads the contract's precedence), so
    # a row with an ID and any other reason, or none, has a valid one: no second check.
    valid_id = pl.col("national_id").is_not_null() & (
        pl.col("reject_reason").fill_null("") != INVALID_NATIONAL_ID
    )
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
