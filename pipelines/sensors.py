"""The delivery sensor: a run for each year folder whose files were added, changed or
removed (by content hash), and for every year when the reference tables change."""

from __future__ import annotations

import dagster as dg

from pipelines.deliveries_state import (
    REFERENCE_SCOPE,
    changed_scopes,
    decode,
    encode,
    fingerprints,
    scan,
)
from pipelines.jobs import pipeline_job
from pipelines.partitions import year_partitions
from pipelines.resources import DirectoriesResource

TRIGGER_TAG = "yingcai/trigger"
REASON_TAG = "yingcai/reason"


@dg.sensor(job=pipeline_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def delivery_sensor(context: dg.SensorEvaluationContext, directories: DirectoriesResource) -> dg.SensorResult:
    """Watch the input directory; request one run per changed year (partition), tagged
    with why it started. The cursor keeps each file's size, mtime and SHA-256."""
    if not directories.input.is_dir():
        return dg.SensorResult(skip_reason=f"input directory {directories.input} does not exist")
    previous = decode(context.cursor)
    current = scan(directories.input, previous)
    changes = changed_scopes(fingerprints(previous), fingerprints(current))
    known_years = set(context.instance.get_dynamic_partitions(year_partitions.name))
    years = {scope for scope in changes if scope != REFERENCE_SCOPE}
    if REFERENCE_SCOPE in changes:
        years |= {scope for scope in fingerprints(current) if scope != REFERENCE_SCOPE}
    new_years = sorted(y for y in years if y not in known_years and changes.get(y) != "removed")
    requests = [
        dg.RunRequest(
            run_key=f"{year}:{fingerprints(current).get(year, 'removed')}",
            partition_key=year,
            tags={
                TRIGGER_TAG: "delivery_sensor",
                REASON_TAG: f"year {year} {changes[year]}" if year in changes
                else f"reference tables {changes[REFERENCE_SCOPE]}",
            },
        )
        for year in sorted(years)
        if year in known_years or year in new_years
    ]
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[year_partitions.build_add_request(new_years)] if new_years else [],
        cursor=encode(current),
    )
