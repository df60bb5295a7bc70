"""The staging layer: every delivered row typed and normalised per contract.md, keyed by
person_key, with the rules a delivery year decides on its own. Partitioned by year like
the raw layer it reads; rules that need other years come after, in quarantine and audit."""

import dagster as dg

from assets.tables import described, row_count, table_asset
from pipelines.identity import PersonKeys
from pipelines.partitions import year_partitions
from pipelines.registry.sources import DELIVERY_SOURCES, REFERENCE_FILES, UNIVERSITIES, ReferenceFile
from pipelines.resources import PathsResource
from pipelines.restricted.pseudonym_key_check import warehouse_key
from pipelines.staging.references import university_spellings
from pipelines.staging.sources import stage_source
from pipelines.warehouse import COMMIT_ROWS, connect


def staging_specs(sources) -> list[dg.AssetSpec]:
    """staging.<source> of every declared delivery source, from raw.<source>."""
    return [
        dg.AssetSpec(
            ["staging", s.name],
            group_name="staging",
            **described(f"staging.{s.name}"),
            deps=[["raw", s.name], ["raw", UNIVERSITIES.name]],
        )
        for s in sources
    ]


@dg.multi_asset(
    specs=staging_specs(DELIVERY_SOURCES),
    partitions_def=year_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def staged_deliveries(context: dg.AssetExecutionContext, paths: PathsResource):
    """Type and check every raw row of the selected years, replacing a source's staging
    rows of a batch of neighbouring selected years in one transaction, up to about
    COMMIT_ROWS rows (pipelines.warehouse; one per year cost ~60 ms each for the many
    small years of a demo). A run stopped half-way is finished by the next, which
    stages the same years again."""
    years = sorted(int(key) for key in context.partition_keys)
    counts = {}
    with connect(paths.warehouse) as con:
        keys = PersonKeys(warehouse_key(con, paths.output))
        spellings = university_spellings(con.sql("SELECT * FROM raw.universities").pl())
        for source in DELIVERY_SOURCES:
            counts[source.name] = stage_source(con, source.name, years, keys, spellings, COMMIT_ROWS)
            counts[source.name] |= row_count(con, f"staging.{source.name}")
    for source in DELIVERY_SOURCES:
        yield dg.MaterializeResult(asset_key=["staging", source.name], metadata=counts[source.name])


def reference_table_asset(reference: ReferenceFile) -> dg.AssetsDefinition:
    """staging.<reference>, typed by sql/staging/<reference>.sql from raw.<reference>."""
    return table_asset(
        "staging", reference.name, deps=[["raw", reference.name]]
    )


REFERENCE_TABLES = [reference_table_asset(r) for r in REFERENCE_FILES]
