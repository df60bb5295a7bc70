"""The annual assessment (年度评估) of each delivery year: a printable report and a
workbook under <output>/reports/, from the published figures only."""

import dagster as dg

from assets.publish import ANALYTICS_DATABASE
from dashboards.public import PublicFigures, analytics_path
from pipelines.partitions import year_partitions
from dashboards.reports.build import reportable_years, write_assessment
from pipelines.resources import PathsResource

ANNUAL_ASSESSMENT = dg.AssetKey(["reports", "annual_assessment"])
DESCRIPTION = (
    "The annual assessment of year Y for the national office's leadership: "
    "<output>/reports/assessment_<Y>.html (printable: national summary, a scorecard for each "
    "of the 32 reporting units against the nation and the previous year, methods) and "
    "assessment_<Y>.xlsx (sheets 全国概况, 省级评估表, 指标说明). Built only from the "
    "small-cell-suppressed public figures of analytics.duckdb; a year that is no cohort year "
    "of the published figures is skipped."
)


# A multi-asset of one: the way this project declares a single-run back-fill over years.
@dg.multi_asset(
    specs=[dg.AssetSpec(ANNUAL_ASSESSMENT, description=DESCRIPTION, group_name="reports", deps=[ANALYTICS_DATABASE])],
    partitions_def=year_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def annual_assessment(context: dg.AssetExecutionContext, paths: PathsResource):
    """Write the assessment of every selected year (all of a range in one run)."""
    figures = PublicFigures.load(analytics_path(paths.output))
    cohorts = set(reportable_years(figures))
    written, skipped = [], []
    for key in sorted(context.partition_keys):
        year = int(key)
        if year not in cohorts:
            skipped.append(year)
            continue
        written.append(write_assessment(figures, paths.output, year))
    if skipped:
        context.log.info(f"no cohort in the published figures for {skipped}: no assessment written")
    yield dg.MaterializeResult(asset_key=ANNUAL_ASSESSMENT, metadata={
        "years": dg.MetadataValue.json([a.year for a in written]),
        "years_skipped": dg.MetadataValue.json(skipped),
        "reports": dg.MetadataValue.json([str(a.html) for a in written]),
    })
