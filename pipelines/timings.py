"""Seconds per step of a finished run, and the pipeline layer each step belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a finished run's result is read, no Dagster needed to do so
    import dagster as dg

# Asset key prefix (warehouse schema or output) → the layer a benchmark reports.
LAYER_OF_PREFIX = {
    "raw": "ingest",
    "staging": "staging and rules",
    "quarantine": "staging and rules",
    "audit": "staging and rules",
    "restricted": "staging and rules",
    "core": "core",
    "marts": "metrics",
    "public": "publish",
    "publish": "publish",
    "analytics": "publish",
    "dashboards": "dashboards and report",
    "reports": "dashboards and report",
}


def step_timings(result: dg.ExecuteInProcessResult) -> list[dict]:
    """[{step, layer, seconds}] of the steps that succeeded, in execution order. A step
    that only evaluates checks is `validation`; otherwise the layer of the first asset
    it materialises."""
    order, seconds, layer = [], {}, {}
    for event in result.all_events:
        step = event.step_key
        if step is None:
            continue
        kind = event.event_type_value
        if kind == "STEP_START":
            order.append(step)
        elif kind == "STEP_SUCCESS":
            seconds[step] = event.event_specific_data.duration_ms / 1000
        elif kind == "ASSET_MATERIALIZATION" and step not in layer:
            prefix = event.asset_key.path[0]
            layer[step] = LAYER_OF_PREFIX.get(prefix, prefix)
    return [
        {"step": step, "layer": layer.get(step, "validation"), "seconds": round(seconds[step], 3)}
        for step in order
        if step in seconds
    ]
