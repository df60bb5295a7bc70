"""The evaluation dashboards: offline HTML pages under <output>/dashboards/, built from the
public schema of analytics.duckdb (the small-cell-suppressed figures; for the data-quality
page the published delivery-quality tables) and the latest result of every asset check."""

import dagster as dg

from assets.publish import ANALYTICS_DATABASE
from assets.reports import ANNUAL_ASSESSMENT
from dashboards.build import build_dashboards
from dashboards.public import analytics_path
from dashboards.quality import CheckResult
from pipelines.resources import PathsResource

EVALUATION_DASHBOARDS = dg.AssetKey(["dashboards", "evaluation_pages"])


def latest_check_results(context: dg.AssetExecutionContext) -> list[CheckResult]:
    """The latest evaluation of every asset check of the run's job (this run's when the
    check has run in it by now, else the last run's)."""
    keys = list(context.job_def.asset_layer.asset_graph.asset_check_keys)
    records = context.instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    results = []
    for key in sorted(keys, key=lambda k: (k.asset_key.to_user_string(), k.name)):
        record = records.get(key)
        evaluation = record.evaluation if record else None
        if evaluation is None:
            results.append(CheckResult(key.asset_key.to_user_string(), key.name, None, "", ""))
            continue
        results.append(CheckResult(
            asset=key.asset_key.to_user_string(),
            name=key.name,
            passed=evaluation.passed,
            severity=evaluation.severity.value,
            description=(evaluation.description or "").strip().splitlines()[0] if evaluation.description else "",
            run_id=record.run_id,
            timestamp=_when(record),
        ))
    return results


def _when(record):
    from datetime import datetime

    return datetime.fromtimestamp(record.event.timestamp).astimezone() if record.event else None


# After the annual assessments, so that the index links those of this run.
@dg.asset(key=EVALUATION_DASHBOARDS, group_name="dashboards",
          deps=[ANALYTICS_DATABASE, ANNUAL_ASSESSMENT])
def evaluation_dashboards(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    """Evaluation dashboards for the national office and the provinces, each one
    self-contained offline HTML file (plotly.js inside, no network request, Chinese and
    English) under <output>/dashboards/: index.html; overview.html (the whole path of a
    cohort from application to graduate study with intervals and coverage, cohorts by
    year and discipline, completion, training hours, destinations, the pathway to the
    Top-Notch Programme, Kaplan–Meier cumulative incidence by discipline and gender,
    follow-up coverage, equity); provinces.html (the 32 units against the nation on a
    tile map, a sortable table, each unit's trends); breakdowns.html (by mentor title
    and training university); quality.html (files, rows, rejections by reason and unit,
    warnings, check results); metrics.html (docs/metrics.md: the definitions, editions
    and small-cell rules, linked from every page); the index links the annual
    assessments written. Figures come only from the public schema of analytics.duckdb:
    hidden cells read <5 or *, undefined ones — with the reason in words."""
    built = build_dashboards(
        analytics_path(paths.output), paths.output, latest_check_results(context)
    )
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(built.directory / "index.html")),
        "pages": len(built.pages),
    })
