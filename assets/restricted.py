"""The restricted layer: the only cleaned table with national IDs and names."""

import dagster as dg

from assets.tables import table_asset
from pipelines.resources import PathsResource
from pipelines.restricted.identities import make as make_identities
from pipelines.stewardship.summaries import write_summaries
from pipelines.stewardship.workbooks import (
    FILE_REJECTIONS_WORKBOOK,
    LAYOUT_VERSION,
    REJECTION_CONTENTS_SQL,
    link_unchanged,
    read_manifest,
    replace_directory,
    workbook_name,
    write_file_rejections,
    write_manifest,
    write_workbooks,
)
from pipelines.warehouse import connect, run_sql


identities = table_asset(
    "restricted", "identities",
    deps=[["staging", "cohort"], ["staging", "applicants"], ["raw", "cohort"], ["raw", "applicants"]],
    make=make_identities,
)


@dg.asset(
    key=["restricted", "rejection_workbooks"],
    group_name="restricted",
    deps=[["quarantine", "rejected_rows"], ["audit", "file_ingest"], ["audit", "file_units"],
          ["audit", "redelivery_changes"]],
)
def rejection_workbooks(paths: PathsResource) -> dg.MaterializeResult:
    """Files for data stewards to send back to provinces, under <output>/restricted/
    rejections/: for each delivered file with rejected rows, `<year>/<file name>.退回.xlsx`
    listing each row's number as seen in Excel, the reason (code, Chinese, English), the
    column concerned and the delivered cells; and 文件级退回.xlsx listing the files
    rejected whole. Restricted: they hold names and national IDs as delivered."""
    target = paths.output / "restricted" / "rejections"
    previous = read_manifest(target)
    with connect(paths.warehouse, read_only=True) as con:
        contents = {
            workbook_name(file_path): (source, file_path, digest)
            for source, file_path, digest in run_sql(
                con, REJECTION_CONTENTS_SQL, {"layout": LAYOUT_VERSION}
            ).fetchall()
        }
        unchanged = {
            name for name, (_, _, digest) in contents.items()
            if previous.get(name) == digest and (target / name).is_file()
        }
        # Only the rows of workbooks to be written: a new year's, or where the cross-year
        # rules changed an earlier year's rejections.
        rejected = con.execute(
            "SELECT file_path, row_number, reason, column_name, raw_values "
            "FROM quarantine.rejected_rows WHERE list_contains(?, file_path) "
            "ORDER BY file_path, row_number",
            [[file_path for name, (_, file_path, _) in contents.items() if name not in unchanged]],
        ).fetchall()
        files = con.execute(
            "SELECT file_path, reason, message FROM audit.file_ingest "
            "WHERE status = 'rejected' ORDER BY file_path"
        ).fetchall()
    by_file: dict[str, list] = {}
    for file_path, *row in rejected:
        by_file.setdefault(file_path, []).append(tuple(row))
    del rejected

    def build(folder):
        jobs = []
        for name, (source, file_path, _) in contents.items():
            if name in unchanged:
                link_unchanged(target / name, folder / name)
            else:
                jobs.append((folder / name, source, by_file[file_path]))
        write_workbooks(jobs)
        write_file_rejections(folder / FILE_REJECTIONS_WORKBOOK, files)
        write_manifest(folder, {name: digest for name, (_, _, digest) in contents.items()})
        write_summaries(folder, target, paths.warehouse, set(contents))

    replace_directory(target, build)
    return dg.MaterializeResult(metadata={
        "workbooks": len(contents), "workbooks_written": len(contents) - len(unchanged),
        "files_rejected_whole": len(files),
    })
