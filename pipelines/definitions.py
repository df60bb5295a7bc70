"""The Dagster code location: every asset, check and resource of the project."""

from __future__ import annotations

import dagster as dg

from assets import audit, checks, core, dashboards, marts, quarantine, raw, reports, restricted, staging
from assets.completed_input import completed_input_state_asset
from assets.publish import analytics_database_asset
from pipelines.jobs import pipeline_job
from pipelines.paths import Paths, paths_from_environment
from pipelines.resources import DirectoriesResource, PathsResource
from pipelines.schedules import annual_assessment_schedule
from pipelines.sensors import delivery_sensor

WAREHOUSE_ASSETS = dg.load_assets_from_modules([raw, staging, core, quarantine, audit, restricted, marts])
# Published from everything above; the pages and reports read the published file. The
# completed input state is recorded last, once every other asset succeeded.
BUILT_ASSETS = [
    *WAREHOUSE_ASSETS,
    analytics_database_asset(WAREHOUSE_ASSETS),
    *dg.load_assets_from_modules([dashboards, reports]),
]
ALL_ASSETS = [*BUILT_ASSETS, completed_input_state_asset(BUILT_ASSETS)]
ALL_CHECKS = dg.load_asset_checks_from_modules([checks])


def build_definitions(paths: Paths | None = None) -> dg.Definitions:
    """Definitions reading and writing where `paths` says (the environment by default).
    One in-process executor: steps run one after another, so one writer holds the
    warehouse at a time."""
    paths = paths or paths_from_environment()
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[pipeline_job],
        schedules=[annual_assessment_schedule],
        sensors=[delivery_sensor],
        resources={
            "paths": PathsResource(
                input_dir=str(paths.input_dir), output_dir=str(paths.output_dir),
                wait_for_writer=paths.wait_for_writer,
            ),
            "directories": DirectoriesResource(input_dir=str(paths.input_dir), output_dir=str(paths.output_dir)),
        },
        executor=dg.in_process_executor,
    )


defs = build_definitions()
