"""restricted.identities: the one table of the cleaned layers that holds national IDs and
names, one row per person_key."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.cleaning.national_id import birth_date_from_id, normalise_national_id, sex_from_id
from pipelines.cleaning.text import clean_text
from pipelines.warehouse import registered, run_sql, sql_file

# The sightings `identities` takes: every accepted cohort and applicant row's ID and name.
SIGHTINGS_SQL = sql_file(__file__, "identity_sightings")

DESCRIPTION = (
    "One row per person_key seen in an accepted cohort or applicant row: the normalised "
    "national ID, the name, and the sex and birth date the ID carries. Restricted: the "
    "only table outside the raw layer and the quarantine with IDs and names; it never "
    "leaves the restricted warehouse."
)


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


def make(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create restricted.identities from the identity sightings of the warehouse."""
    table = identities(run_sql(con, SIGHTINGS_SQL).pl())
    with registered(con, "identity_rows", table):
        con.execute("CREATE OR REPLACE TABLE restricted.identities AS FROM identity_rows")
