"""The audit layer: what data stewards read to account for every delivered file and row."""

from assets.raw import reference_tables, yearly_deliveries
from assets.tables import table_asset
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.unions import create_source_views

STAGED = [["staging", s.name] for s in DELIVERY_SOURCES]

row_warnings = table_asset(
    "audit", "row_warnings",
    deps=[*STAGED, ["staging", "mentors"], ["core", "persons"], ["quarantine", "rejected_rows"]],
)

file_ingest = table_asset(
    "audit", "file_ingest",
    deps=[
        *yearly_deliveries.keys, *reference_tables.keys, *STAGED,
        ["quarantine", "rejected_rows"], ["audit", "row_warnings"],
    ],
    prepare=create_source_views,
)
