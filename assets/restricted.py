"""The restricted layer: the only cleaned table with national IDs and names."""

import dagster as dg

from assets.tables import described, row_count, table_asset
from pipelines.resources import PathsResource
from pipelines.restricted.identities import make as make_identities
from pipelines.restricted.roster_links import make as make_roster_links
from pipelines.stewardship.contents import digests, gather
from pipelines.stewardship.summaries import write_summaries
from pipelines.stewardship.workbooks import (
    FILE_REJECTIONS_WORKBOOK,
    LAYOUT_VERSION,
    WorkbookJob,
    link_unchanged,
    read_manifest,
    replace_directory,
    workbook_name,
    write_file_rejections,
    write_manifest,
    write_workbooks,
)
from pipelines.warehouse import connect, transaction


identities = table_asset(
    "restricted", "identities",
    deps=[["staging", "cohort"], ["staging", "applicants"], ["raw", "cohort"], ["raw", "applicants"]],
    make=make_identities,
)


@dg.asset(
    key=["restricted", "rejection_workbooks"],
    group_name="restricted",
    deps=[["quarantine", "rejected_rows"], ["audit", "row_warnings"], ["audit", "file_ingest"],
          ["audit", "file_units"], ["audit", "redelivery_changes"]],
)
def rejection_workbooks(paths: PathsResource) -> dg.MaterializeResult:
    """Files for data stewards to send back to provinces, under <output>/restricted/
    rejections/: for each delivered file with rejected rows or warnings,
    `<year>/<file name>.退回.xlsx` with the sheets 退回行 (each rejected row's number as
    seen in Excel, every rule it breaks in Chinese and English, the column under the
    file's own header, what would be accepted, the row a duplicate repeats, the delivered
    cells), 提示 (warnings on accepted rows) and 说明 (how to correct and re-deliver, the
    reason codes, the count by reason); and 文件级退回.xlsx listing the files rejected
    whole, in Chinese and English; and per reporting unit and year
    `<year>/<code>_<short name>.汇总.xlsx`, every file of the unit with its status, the
    unit's rows and what each re-delivered file resolved, left open and newly broke.
    Restricted: they hold names and national IDs as delivered."""
    target = paths.output / "restricted" / "rejections"
    previous = read_manifest(target)
    with connect(paths.warehouse, read_only=True) as con:
        contents = {
            workbook_name(file_path): (source, file_path, year, digest)
            for source, file_path, year, digest in digests(con, LAYOUT_VERSION)
        }
        unchanged = {
            name for name, (*_, digest) in contents.items()
            if previous.get(name) == digest and (target / name).is_file()
        }
        # Only the contents of workbooks to be written: a new year's, or where the
        # cross-year rules changed an earlier year's rejections.
        to_write = gather(con, [(s, f, y) for name, (s, f, y, _) in contents.items() if name not in unchanged])
        files = con.execute(
            "SELECT file_path, reason, message, message_zh FROM audit.file_ingest "
            "WHERE status = 'rejected' ORDER BY file_path"
        ).fetchall()

    def build(folder):
        jobs = []
        for name, (_, file_path, _, _) in contents.items():
            if name in unchanged:
                link_unchanged(target / name, folder / name)
            else:
                jobs.append(WorkbookJob(folder / name, to_write[file_path]))
        write_workbooks(jobs)
        write_file_rejections(folder / FILE_REJECTIONS_WORKBOOK, files)
        write_manifest(folder, {name: digest for name, (*_, digest) in contents.items()})
        write_summaries(folder, target, paths.warehouse, set(contents))

    replace_directory(target, build)
    return dg.MaterializeResult(metadata={
        "workbooks": len(contents), "workbooks_written": len(contents) - len(unchanged),
        "files_rejected_whole": len(files),
    })


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["restricted", "roster_links"], group_name="restricted",
                     **described("restricted.roster_links"),
                     deps=[["staging", "topnotch_roster"], ["raw", "topnotch_roster"],
                           ["restricted", "identities"], ["core", "persons"], ["core", "applicants"]]),
        dg.AssetSpec(["restricted", "roster_candidates"], group_name="restricted",
                     **described("restricted.roster_candidates"),
                     deps=[["staging", "topnotch_roster"], ["raw", "topnotch_roster"],
                           ["restricted", "identities"], ["core", "persons"], ["core", "applicants"]]),
    ],
    can_subset=False,
)
def roster_links(context: dg.AssetExecutionContext, paths: PathsResource):
    """Link every accepted topnotch_roster row (pipelines/restricted/roster_links.py): by a
    valid ID, else by the Splink model of pipelines/linkage; write the clerical-review
    workbook under <output>/restricted/linkage/ and read the reviewer's decisions there."""
    with connect(paths.warehouse) as con, transaction(con):
        result = make_roster_links(con, paths.output)
        statuses = dict(con.execute(
            "SELECT status, count(*) FROM restricted.roster_links GROUP BY status").fetchall())
        links = row_count(con, "restricted.roster_links")
        pairs = row_count(con, "restricted.roster_candidates")
    if result.stale_decisions.height:
        context.log.warning(f"{result.stale_decisions.height} reviewer decisions no longer apply (stale)")
    yield dg.MaterializeResult(asset_key=["restricted", "roster_links"],
                               metadata={**links, **{f"status_{k}": v for k, v in statuses.items()},
                                         "stale_decisions": result.stale_decisions.height})
    yield dg.MaterializeResult(asset_key=["restricted", "roster_candidates"], metadata=pairs)
