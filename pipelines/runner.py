"""Running the whole pipeline in this process, over every year of the input."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.jobs import pipeline_job
from pipelines.partitions import year_partitions
from pipelines.paths import Paths
from pipelines.preflight import ensure_writer_free, years_to_run
from pipelines.validation.warmup import imported_meanwhile

# The command line reports a failed step in one line (`RunOutcome.failure`) and keeps its
# trace in a file (`failure_trace`); Dagster's console logger would print the trace.
QUIET_LOGGING = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass(frozen=True)
class RunOutcome:
    success: bool
    years: list[int]
    failure: str | None
    result: dg.ExecuteInProcessResult

    def check_results(self) -> list[tuple[str, bool, str]]:
        """(asset/check name, passed, first line of its description or metadata)."""
        results = []
        for event in self.result.all_events:
            if event.event_type_value == "ASSET_CHECK_EVALUATION":
                evaluation = event.event_specific_data
                name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                detail = evaluation.description or ""
                results.append((name, evaluation.passed, detail.splitlines()[0] if detail else ""))
        return results


def run_pipeline(
    paths: Paths,
    years: list[int] | None = None,
    instance: dg.DagsterInstance | None = None,
    quiet: bool = True,
) -> RunOutcome:
    """Materialise every asset for `years` (every year found, by default) in one run."""
    ensure_writer_free(paths)
    years = sorted(years or years_to_run(paths))
    if instance is not None:
        return _execute(paths, years, instance, quiet)
    with command_line_instance() as instance:
        return _execute(paths, years, instance, quiet)


def command_line_instance() -> dg.DagsterInstance:
    """The Dagster instance under DAGSTER_HOME when it is set, so that operators see
    command-line runs (their steps, logs and materialisations) in the UI; else a
    throw-away one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _execute(paths: Paths, years: list[int], instance: dg.DagsterInstance, quiet: bool) -> RunOutcome:
    keys = [str(y) for y in years]
    existing = set(instance.get_dynamic_partitions(year_partitions.name))
    instance.add_dynamic_partitions(year_partitions.name, [k for k in keys if k not in existing])
    with warnings.catch_warnings(), imported_meanwhile():
        warnings.simplefilter("ignore")
        job = build_definitions(paths).resolve_job_def(pipeline_job.name)
        result = job.execute_in_process(
            instance=instance,
            run_config=QUIET_LOGGING if quiet else None,
            tags={
                "dagster/asset_partition_range_start": keys[0],
                "dagster/asset_partition_range_end": keys[-1],
                "yingcai/trigger": "command_line",
            },
            raise_on_error=False,
        )
    return RunOutcome(result.success, years, None if result.success else _failure(result), result)


def _failure(result: dg.ExecuteInProcessResult) -> str:
    """The first failed step (else the run's failure, else a failed check) and the first
    line of its error."""
    for event, error in _errors(result):
        cause = error.cause or error
        message = (cause.message or error.message).strip().splitlines()[0]
        return f"step {event.step_key} failed: {message}" if event.is_step_failure else message
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            return f"check {event.event_specific_data.check_name} failed"
    return "the run failed"


def failure_trace(result: dg.ExecuteInProcessResult) -> str:
    """Every failed step's error with its stack trace, for the file the command line
    points to (the user sees one line)."""
    parts = [
        f"{event.event_type_value} {event.step_key or ''}\n{error.to_string()}"
        for event, error in _errors(result)
    ]
    return "\n".join(parts) or "the run failed without an error (a failed check?)\n"


def _errors(result: dg.ExecuteInProcessResult):
    """(event, error) of every failed step, then of the run's own failure events."""
    for event in result.all_events:
        if event.is_step_failure:
            yield event, event.step_failure_data.error
    for event in result.all_events:
        if event.event_type_value in ("RESOURCE_INIT_FAILURE", "PIPELINE_FAILURE", "RUN_FAILURE"):
            error = getattr(event.event_specific_data, "error", None)
            if error is not None:
                yield event, error
