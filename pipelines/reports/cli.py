"""`yingcai report --year Y [--output DIR] [--wait]`: the annual assessment of year Y from
the published <output>/analytics.duckdb, without running the pipeline."""

from __future__ import annotations

from pipelines.paths import Paths


def report_command(paths: Paths, year: int) -> int:
    """Write <output>/reports/assessment_<Y>.{html,xlsx}; print where they are. Holds the
    output directory's writer lock while writing (a running pipeline may be replacing
    analytics.duckdb). Problems a user can fix raise pipelines.preflight.UserError."""
    from dashboards.public import PublicFigures, PublicFiguresMissing, analytics_path
    from pipelines.locking import WriterBusy, acquire_writer_lock, release_writer_lock
    from pipelines.reports.build import NoSuchCohort, write_assessment
    from pipelines.preflight import UserError

    try:
        lock = acquire_writer_lock(paths.output, paths.wait_for_writer)
    except WriterBusy as busy:
        raise UserError(str(busy)) from None
    try:
        figures = PublicFigures.load(analytics_path(paths.output))
        assessment = write_assessment(figures, paths.output, year)
    except (PublicFiguresMissing, NoSuchCohort) as error:
        raise UserError(str(error)) from None
    finally:
        release_writer_lock(lock)
    print(f"yingcai report: annual assessment {year}")
    print(f"  report    {assessment.html}")
    print(f"  workbook  {assessment.workbook}")
    return 0
