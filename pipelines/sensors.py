"""The delivery sensor: a run for each year folder whose files were added, changed or
removed since the last completed run (raw.completed_input_state, pipelines.raw.completed_input_state:
the same comparison `yingcai run` makes), and for every year when the reference tables
change."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from pipelines.deliveries_state import REFERENCE_SCOPE, decode, encode, fingerprints_of, scan
from pipelines.raw.completed_input_state import CODE_SCOPE, completed_state_at, delivery_scopes, years_to_update
from pipelines.jobs import pipeline_job
from pipelines.partitions import year_partitions
from pipelines.resources import DirectoriesResource
from pipelines.warehouse import WarehouseBusy

TRIGGER_TAG = "yingcai/trigger"
REASON_TAG = "yingcai/reason"


@dg.sensor(job=pipeline_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def delivery_sensor(context: dg.SensorEvaluationContext, directories: DirectoriesResource) -> dg.SensorResult:
    """Watch the input directory; request one run per year (partition) that differs from
    the last completed run, tagged with why it started. The run key names the change
    (the year's and the reference tables' fingerprints before and now), so a change
    already requested is not requested again while its run is pending. The cursor only
    caches each file's size, mtime and SHA-256, so unchanged files are not read again."""
    paths = directories.paths
    if not paths.input.is_dir():
        return dg.SensorResult(skip_reason=f"input directory {paths.input} does not exist")
    states = scan(paths.input, decode(context.cursor))
    try:
        completed = completed_state_at(paths.warehouse)
    except WarehouseBusy:
        return dg.SensorResult(skip_reason="a run is writing the warehouse; looking again next time",
                               cursor=encode(states))
    current = fingerprints_of(states)
    scopes = (set(delivery_scopes(completed)) | set(current)) - {REFERENCE_SCOPE}
    reasons = years_to_update(completed, current, sorted(int(scope) for scope in scopes))
    known_years = set(context.instance.get_dynamic_partitions(year_partitions.name))
    new_years = sorted(str(y) for y in reasons if str(y) not in known_years and str(y) in current)
    requests = [
        dg.RunRequest(
            run_key=f"{year}:{_change_key(completed, current, str(year))}",
            partition_key=str(year),
            tags={TRIGGER_TAG: "delivery_sensor", REASON_TAG: reason},
        )
        for year, reason in reasons.items()
        if str(year) in known_years or str(year) in new_years
    ]
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[year_partitions.build_add_request(new_years)] if new_years else [],
        cursor=encode(states),
    )


def _change_key(completed: dict[str, str], current: dict[str, str], year: str) -> str:
    """A digest of the year's and the reference tables' fingerprints, completed and now."""
    pair = [(s.get(year), s.get(REFERENCE_SCOPE), s.get(CODE_SCOPE)) for s in (completed, current)]
    return hashlib.sha256(json.dumps(pair).encode()).hexdigest()[:16]
