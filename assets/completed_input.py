"""The last step of every run: raw.completed_input_state, what the run processed, so that
the command line and the delivery sensor see the same "changed since the last completed
run" whichever way the run was started (pipelines.raw.completed_input_state)."""

import dagster as dg

from assets.publish import asset_keys
from assets.tables import ROW_COUNT, described
from pipelines.raw.completed_input_state import ingested_fingerprints, record_completed_run
from pipelines.partitions import year_partitions
from pipelines.resources import PathsResource
from pipelines.warehouse import connect

COMPLETED_INPUT_STATE = dg.AssetKey(["raw", "completed_input_state"])


def completed_input_state_asset(upstream) -> dg.AssetsDefinition:
    """The asset downstream of every asset in `upstream` (all the others): it runs only
    when they all succeeded, so a failed or killed run records nothing."""

    # A multi-asset of one: the way this project declares a single-run back-fill over years.
    @dg.multi_asset(
        specs=[dg.AssetSpec(COMPLETED_INPUT_STATE, group_name="raw", deps=asset_keys(upstream), **described("raw.completed_input_state"))],
        partitions_def=year_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        can_subset=False,
    )
    def completed_input_state(context: dg.AssetExecutionContext, paths: PathsResource):
        """Record the input state this run brought the warehouse to."""
        years = sorted(int(key) for key in context.partition_keys)
        with connect(paths.warehouse) as con:
            state = record_completed_run(con, ingested_fingerprints(con), years)
        yield dg.MaterializeResult(asset_key=COMPLETED_INPUT_STATE, metadata={"years": dg.MetadataValue.json(years), ROW_COUNT: len(state)})

    return completed_input_state
