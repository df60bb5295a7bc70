"""The annual assessment: early December, a run for the year that is ending."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import pipeline_job
from pipelines.partitions import year_partitions
from pipelines.sensors import REASON_TAG, TRIGGER_TAG

ANNUAL_ASSESSMENT_CRON = "0 6 1 12 *"  # 06:00 on 1 December


@dg.schedule(
    cron_schedule=ANNUAL_ASSESSMENT_CRON,
    job=pipeline_job,
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def annual_assessment_schedule(context: dg.ScheduleEvaluationContext):
    """Rebuild everything for the year ending, so the annual assessment reads the year's
    final deliveries. Skips when that year has no delivery folder."""
    year = str(context.scheduled_execution_time.year)
    if year not in context.instance.get_dynamic_partitions(year_partitions.name):
        return dg.SkipReason(f"no deliveries for {year} yet")
    return dg.RunRequest(
        run_key=f"annual_assessment_{year}",
        partition_key=year,
        tags={TRIGGER_TAG: "annual_assessment_schedule", REASON_TAG: f"annual assessment {year}"},
    )
