"""The audit layer: what data stewards read to account for every delivered file and row."""

from assets.raw import reference_tables, yearly_deliveries
from assets.sql_assets import sql_table_asset
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.unions import create_source_views

STAGED = [["staging", s.name] for s in DELIVERY_SOURCES]

row_warnings = sql_table_asset(
    "audit", "row_warnings",
    "Warnings on accepted rows, which are kept (contract.md): gender_mismatch and "
    "birth_date_mismatch (the ID wins), unknown_university, unknown_mentor and "
    "repeat_cohort; one row per warning with file_path, row_number, source, year, reason "
    "and column_name.",
    deps=[*STAGED, ["staging", "mentors"], ["core", "persons"], ["quarantine", "rejected_rows"]],
)

file_ingest = sql_table_asset(
    "audit", "file_ingest",
    "Every file found under the input directory, once: its path relative to the input, "
    "source, year, SHA-256, status (loaded or rejected), the reason and a message a data "
    "steward can send back to the province, and its row counts: rows read, rows loaded "
    "and rows rejected by the row rules, rows with warnings.",
    deps=[
        *yearly_deliveries.keys, *reference_tables.keys, *STAGED,
        ["quarantine", "rejected_rows"], ["audit", "row_warnings"],
    ],
    prepare=create_source_views,
)
