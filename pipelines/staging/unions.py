"""The per-source unions that the quarantine, audit and check SQL read, built from the
source registry as temporary views, so that a new source needs no branch by hand.

Identifiers come only from the registry's fixed declarations; the views live in the
connection (TEMP), never in the warehouse file. The SQL files name them:

- `staged_rows`: every staging row of every delivery source — source, year, lineage,
  person_key, the within-year reason (first and all, and the row a duplicate repeats), whether the source is checked against cohort
  membership, and the columns the cross-year rules read (NULL for other sources);
- `raw_file_rows`: every raw row of every source and reference file — source, whether
  it is a reference file, file_path, row_number and year;
- `delivered_values_of_rejected`: the delivered cells (contract columns and
  extra_columns, as JSON) of the rows in the temporary table `rejected` (source,
  file_path, row_number), which sql/quarantine/rejected_rows.sql makes. Each source's
  rows are filtered before they become JSON: a national year of training rows turned
  into JSON first and joined after costs seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pipelines.registry.sources import DELIVERY_SOURCES, REFERENCE_FILES, DeliverySource, ReferenceFile

# Lineage the raw tables add to the delivered cells, left out of the delivered values.
RAW_LINEAGE_NOT_DELIVERED = ("year", "sheet", "file_sha256", "ingested_at")


def staged_rows_sql(sources: Sequence[DeliverySource] = DELIVERY_SOURCES) -> str:
    branches = []
    for source in sources:
        extra = "".join(f", {column}" for column in source.cross_year_columns)
        branches.append(
            f"SELECT '{source.name}' AS source, {str(source.checked_against_cohort).upper()} "
            "AS checked_against_cohort, year, file_path, row_number, person_key, row_reason, "
            "row_reason_column, row_reasons, duplicate_of_file_path, duplicate_of_row_number"
            f"{extra}\nFROM staging.{source.name}"
        )
    return "\nUNION ALL BY NAME\n".join(branches)


def raw_file_rows_sql(
    sources: Sequence[DeliverySource] = DELIVERY_SOURCES,
    references: Sequence[ReferenceFile] = REFERENCE_FILES,
) -> str:
    tables = [(s.name, "FALSE") for s in sources] + [(r.name, "TRUE") for r in references]
    return "\nUNION ALL\n".join(
        f"SELECT '{name}' AS source, {reference} AS reference_file, file_path, row_number, year "
        f"FROM raw.{name}"
        for name, reference in tables
    )


def delivered_values_sql(sources: Sequence[DeliverySource] = DELIVERY_SOURCES) -> str:
    excluded = ", ".join(RAW_LINEAGE_NOT_DELIVERED)
    return "\nUNION ALL\n".join(
        f"SELECT '{s.name}' AS source, file_path, row_number, to_json(r) AS delivered\n"
        f"FROM (\n    SELECT * EXCLUDE ({excluded}) FROM raw.{s.name}\n"
        "    WHERE (file_path, row_number) IN "
        f"(SELECT (file_path, row_number) FROM rejected WHERE source = '{s.name}')\n) AS r"
        for s in sources
    )


def create_source_views(
    con: duckdb.DuckDBPyConnection, sources: Sequence[DeliverySource] = DELIVERY_SOURCES
) -> None:
    """`staged_rows` and `raw_file_rows` on this connection."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW staged_rows AS\n{staged_rows_sql(sources)}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_file_rows AS\n{raw_file_rows_sql(sources)}")


def create_quarantine_views(
    con: duckdb.DuckDBPyConnection, sources: Sequence[DeliverySource] = DELIVERY_SOURCES
) -> None:
    """The source views, and `delivered_values_of_rejected` over an empty `rejected`
    that sql/quarantine/rejected_rows.sql replaces with the rows it rejects (a view is
    bound when it is made, so the table must exist first)."""
    create_source_views(con, sources)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rejected "
        "(source VARCHAR, file_path VARCHAR, row_number BIGINT)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW delivered_values_of_rejected AS\n{delivered_values_sql(sources)}"
    )
