"""The annual assessment of each delivery year, in two editions: the internal one under
<output>/reports/ (marked 内部资料) and the published one under <output>/reports/public/."""

import dagster as dg

from assets.publish import ANALYTICS_DATABASE
from dashboards.reports.build import load_editions, reportable_years, write_assessments
from pipelines.partitions import year_partitions
from pipelines.registry.editions import PUBLISHED
from pipelines.resources import PathsResource

ANNUAL_ASSESSMENT = dg.AssetKey(["reports", "annual_assessment"])
DESCRIPTION = (
    "The annual assessment of year Y in two editions, each a printable report and a workbook "
    "(sheets 全国概况, 省级评估表, 分组情况, 指标说明): the national summary and the path of each "
    "cohort, a scorecard for each of the 32 reporting units against the nation and the previous "
    "year, the university and mentor-title breakdowns, methods. Internal edition "
    "<output>/reports/assessment_<Y>.html/.xlsx for the national office: the marts' figures as "
    "computed, with intervals, every page and sheet marked 内部资料. Published edition "
    "<output>/reports/public/assessment_<Y>.html/.xlsx: the public schema's small-cell-protected "
    "figures only. A year that is no cohort year is skipped."
)


# A multi-asset of one: the way this project declares a single-run back-fill over years.
@dg.multi_asset(
    specs=[dg.AssetSpec(ANNUAL_ASSESSMENT, description=DESCRIPTION, group_name="reports", deps=[ANALYTICS_DATABASE])],
    partitions_def=year_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def annual_assessment(context: dg.AssetExecutionContext, paths: PathsResource):
    """Write both editions of the assessment of every selected year (all of a range in one run)."""
    editions = load_editions(paths.output)
    cohorts = set(reportable_years(editions[PUBLISHED]))
    written, skipped = [], []
    for key in sorted(context.partition_keys):
        year = int(key)
        if year not in cohorts:
            skipped.append(year)
            continue
        written += write_assessments(editions, paths.output, year)
    if skipped:
        context.log.info(f"no cohort in the figures for {skipped}: no assessment written")
    yield dg.MaterializeResult(asset_key=ANNUAL_ASSESSMENT, metadata={
        "years": dg.MetadataValue.json(sorted({a.year for a in written})),
        "years_skipped": dg.MetadataValue.json(skipped),
        "reports": dg.MetadataValue.json([str(a.html) for a in written]),
    })
