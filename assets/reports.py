"""The annual assessment of each delivery year, in two editions: the internal one under
<output>/reports/ (marked 内部资料) and the published one under <output>/reports/public/."""

import dagster as dg

from assets.publish import ANALYTICS_DATABASE
from dashboards.reports.build import load_editions, reportable_years, write_assessments
from dashboards.reports.units.build import write_unit_packs
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


UNIT_PACKS = dg.AssetKey(["reports", "unit_packs"])


@dg.asset(key=UNIT_PACKS, group_name="reports", deps=[ANALYTICS_DATABASE])
def unit_packs(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    """The unit packs (单位反馈报告) of the last delivery year Y (the latest cohort year of the
    figures): for each of the 32 reporting units <output>/reports/units/<Y>/<code>_<short
    name>.html (printable, A4, at most 8 pages, in Chinese) and .xlsx (sheets 说明, 培养路径,
    单位比较, 各届趋势, 覆盖面, 交付质量), outside restricted/. The unit-feedback edition: the
    unit's own figures as computed (it delivered those records), with intervals, beside the
    national figure and the other units' published figures (its position among them), with
    the comparison marks of metrics.md: the path of cohort Y from application to Top-Notch
    with the coverage beside each survey-based figure, the three-cohort rates, trends over
    its cohorts, its reach (schools, universities, mentors by title, survey response
    rate) and the quality of its deliveries that year (files, rejected rows and warnings
    by reason, what its re-deliveries resolved). No name or ID number; every page and sheet
    is marked 单位反馈 · 仅供本单位使用 · 不得公开. The packs share one local plotly.js
    (reports/units/plotly.min.js). Earlier years: `yingcai report --year Y --unit CODE`."""
    packs = write_unit_packs(paths.output)
    if not packs:
        context.log.info("no cohort in the figures: no unit pack written")
        return dg.MaterializeResult(metadata={"packs": 0})
    return dg.MaterializeResult(metadata={
        "year": packs[0].year,
        "packs": len(packs),
        "directory": dg.MetadataValue.path(str(packs[0].html.parent)),
    })
