"""The audit layer: what data stewards read to account for every delivered file and row,
by reporting unit, and what each re-delivered file changed."""

import dagster as dg

from assets.raw import reference_tables, yearly_deliveries
from assets.tables import described, row_count, table_asset
from pipelines.redelivery.history import record_history
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.resources import PathsResource
from pipelines.staging.unions import create_source_views
from pipelines.units.views import create_unit_views
from pipelines.warehouse import connect, transaction

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

row_units = table_asset(
    "audit", "row_units",
    deps=[
        *yearly_deliveries.keys, *reference_tables.keys, *STAGED,
        ["core", "persons"], ["quarantine", "rejected_rows"], ["audit", "row_warnings"],
    ],
    prepare=create_unit_views,
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["audit", "file_versions"], group_name="audit",
                     deps=[*yearly_deliveries.keys, *reference_tables.keys], **described("audit.file_versions")),
        dg.AssetSpec(["quarantine", "rejection_identities"], group_name="quarantine",
                     deps=[["quarantine", "rejected_rows"], ["audit", "row_units"]],
                     **described("quarantine.rejection_identities")),
    ],
    can_subset=False,
)
def redelivery_history(paths: PathsResource):
    """The history of every delivered path, kept from run to run: a version for each new
    content, and the rejected rows (by reason and identity) of each version; the current
    version's recorded again (pipelines/redelivery/history.py), in one transaction."""
    with connect(paths.warehouse) as con, transaction(con):
        record_history(con)
        versions = row_count(con, "audit.file_versions")
        identities = row_count(con, "quarantine.rejection_identities")
    yield dg.MaterializeResult(asset_key=["audit", "file_versions"], metadata=versions)
    yield dg.MaterializeResult(asset_key=["quarantine", "rejection_identities"], metadata=identities)


file_units = table_asset(
    "audit", "file_units",
    deps=[
        *yearly_deliveries.keys, *reference_tables.keys, *STAGED, ["core", "persons"],
        ["quarantine", "rejected_rows"], ["audit", "row_warnings"], ["audit", "file_ingest"],
        ["audit", "file_versions"],
    ],
    prepare=create_unit_views,
)

redelivery_changes = table_asset(
    "audit", "redelivery_changes",
    deps=[["audit", "file_ingest"], ["audit", "file_versions"], ["quarantine", "rejection_identities"]],
)
