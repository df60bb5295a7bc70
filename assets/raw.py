"""The raw layer: every delivered file loaded as delivered (all values as text), with
its lineage. Yearly sources are partitioned by delivery year; one run can take any range
of years at once (single-run back-fill)."""

from collections import Counter

import dagster as dg

from assets.tables import described, row_count
from pipelines.ingest.discovery import discover
from pipelines.raw.sources import (
    FileOutcome,
    create_raw_tables,
    known_paths_in_years,
    known_paths_outside_years,
    sync_files,
)
from pipelines.partitions import year_partitions
from pipelines.registry.sources import DELIVERY_SOURCES, REFERENCE_FILES
from pipelines.resources import PathsResource
from pipelines.warehouse import connect

def raw_specs(sources) -> list[dg.AssetSpec]:
    """raw.<source> of every declared source or reference file."""
    return [
        dg.AssetSpec(["raw", s.name], group_name="raw", **described(f"raw.{s.name}"))
        for s in sources
    ]


def _results(con, outcomes: list[FileOutcome], sources) -> list[dg.MaterializeResult]:
    rows = Counter()
    files = Counter()
    for outcome in outcomes:
        if outcome.action in ("loaded", "unchanged"):
            files[outcome.source] += 1
        rows[outcome.source] += outcome.rows_read or 0
    return [
        dg.MaterializeResult(
            asset_key=["raw", s.name],
            metadata={
                "files_read_now": files[s.name], "rows_read_now": rows[s.name], **row_count(con, f"raw.{s.name}"),
            },
        )
        for s in sources
    ]


@dg.multi_asset(
    specs=raw_specs(DELIVERY_SOURCES),
    partitions_def=year_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def yearly_deliveries(context: dg.AssetExecutionContext, paths: PathsResource):
    """Load every file of the selected year folders into raw.<source>; unchanged files are
    skipped, replaced files reloaded, removed files' rows deleted — file by file, each in
    its own transaction."""
    years = sorted(int(key) for key in context.partition_keys)
    present = [f for f in discover(paths.input) if f.year in years]
    with connect(paths.warehouse) as con:
        create_raw_tables(con)
        outcomes = sync_files(con, present, known_paths_in_years(con, years))
        results = _results(con, outcomes, DELIVERY_SOURCES)
    _log_outcomes(context, outcomes)
    yield from results


@dg.multi_asset(specs=raw_specs(REFERENCE_FILES), can_subset=False)
def reference_tables(context: dg.AssetExecutionContext, paths: PathsResource):
    """Load reference/universities.csv, mentors.csv and topnotch_bases.csv, and log every
    other file that lies outside a year folder as rejected (unknown_source)."""
    present = [f for f in discover(paths.input) if f.year is None]
    with connect(paths.warehouse) as con:
        create_raw_tables(con)
        outcomes = sync_files(con, present, known_paths_outside_years(con))
        results = _results(con, outcomes, REFERENCE_FILES)
    _log_outcomes(context, outcomes)
    yield from results


def _log_outcomes(context: dg.AssetExecutionContext, outcomes: list[FileOutcome]) -> None:
    actions = Counter(o.action for o in outcomes)
    context.log.info("files: " + ", ".join(f"{n} {a}" for a, n in sorted(actions.items())))
