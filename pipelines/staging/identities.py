"""restricted.identities: the one table of the cleaned layers that holds national IDs and
names, one row per person_key."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.national_id import birth_date_from_id, normalise_national_id, sex_from_id
from pipelines.cleaning.text import clean_text
from pipelines.warehouse import sql_file

# The sightings `identities` takes: every accepted cohort and applicant row's ID and name.
SIGHTINGS_SQL = sql_file(__file__, "identity_sightings")


def identities(sightings: pl.DataFrame) -> pl.DataFrame:
    """One row per person_key from its sightings (accepted cohort rows first, then
    applicant rows; earliest year, then file-name and row order): the normalised
    national ID, the name as delivered there, and the sex and birth date the ID carries."""
    return (
        sightings.sort("source_rank", "year", "file_path", "row_number")
        .unique("person_key", keep="first", maintain_order=True)
        .select(
            "person_key",
            normalise_national_id(pl.col("national_id")).alias("national_id"),
            clean_text(pl.col("name")).alias("name"),
            sex_from_id(normalise_national_id(pl.col("national_id"))).alias("gender"),
            birth_date_from_id(normalise_national_id(pl.col("national_id"))).alias("birth_date"),
            pl.col("year").alias("first_seen_year"),
            pl.col("file_path").alias("first_seen_file_path"),
            pl.col("row_number").alias("first_seen_row_number"),
        )
        .sort("person_key")
    )
