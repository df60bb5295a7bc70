"""The Dagster code location: every asset, check and resource of the project."""

from __future__ import annotations

import dagster as dg

from assets import audit, core, quarantine, raw, restricted, staging
from pipelines.jobs import pipeline_job
from pipelines.resources import Paths, paths_from_environment

ALL_ASSETS = dg.load_assets_from_modules([raw, staging, core, quarantine, audit, restricted])


def build_definitions(paths: Paths | None = None) -> dg.Definitions:
    """Definitions reading and writing where `paths` says (the environment by default).
    One in-process executor: steps run one after another, so one writer holds the
    warehouse at a time."""
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[pipeline_job],
        resources={"paths": paths or paths_from_environment()},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
