"""The short summary `yingcai run` prints: files and rows per year and source, what was
rejected, and where the outputs are."""

from __future__ import annotations

from collections import defaultdict

from pipelines.contract.sources import YEARLY_SOURCES
from pipelines.paths import Paths
from pipelines.warehouse import connect, run_sql, sql_file

MAX_LISTED_REJECTIONS = 20
BY_YEAR_SQL = sql_file(__file__, "by_year")
ROWS_SQL = sql_file(__file__, "rows")
REASONS_SQL = sql_file(__file__, "reasons")


def summary_lines(paths: Paths, check_results: list[tuple[str, bool, str]] = ()) -> list[str]:
    """`check_results`: (check name, passed, a line of detail) of the run's checks."""
    with connect(paths.warehouse, read_only=True) as con:
        by_year = run_sql(con, BY_YEAR_SQL).fetchall()
        rows_by_year = run_sql(con, ROWS_SQL).fetchall()
        reasons = run_sql(con, REASONS_SQL).fetchall()
        rejected = con.execute(
            "SELECT file_path, reason, message FROM audit.file_ingest "
            "WHERE status = 'rejected' ORDER BY file_path"
        ).fetchall()
        links = linkage_counts(con)
    cells: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for year, source, files, files_rejected, rows in by_year:
        cells[year][source] = (files, files_rejected, rows)
    sources = list(YEARLY_SOURCES)
    lines = ["Files and rows read per year (files/rows; files rejected in brackets):"]
    lines.append(f"  {'year':<9}" + "".join(f"{s:>18}" for s in sources))
    for year in sorted(y for y in cells if y != "reference"):
        row = f"  {year:<9}"
        for source in sources:
            files, files_rejected, rows = cells[year].get(source, (0, 0, 0))
            text = f"{files}/{rows:,}" + (f" [{files_rejected}]" if files_rejected else "")
            row += f"{text:>18}"
        lines.append(row)
    unknown = sum(c[0] for y in cells.values() for s, c in y.items() if s == "(unknown)")
    if unknown:
        lines.append(f"  files naming no source (unknown_source): {unknown}")
    total_files = sum(c[0] for y in cells.values() for c in y.values())
    total_rows = sum(c[2] for y in cells.values() for c in y.values())
    lines.append(f"  in all: {total_files:,} files, {total_rows:,} rows read")
    if rejected:
        lines.append(f"Rejected files ({len(rejected)}):")
        for path, reason, message in rejected[:MAX_LISTED_REJECTIONS]:
            lines.append(f"  {reason:<15} {message or path}")
        if len(rejected) > MAX_LISTED_REJECTIONS:
            lines.append(f"  ... and {len(rejected) - MAX_LISTED_REJECTIONS} more in audit.file_ingest")
    lines += _row_lines(rows_by_year, reasons)
    lines += _linkage_lines(links, paths)
    lines += _check_lines(check_results)
    lines.append("Outputs:")
    lines.append(f"  restricted warehouse  {paths.warehouse}")
    lines.append(f"  rejected rows for the provinces (restricted)  {paths.output / 'restricted' / 'rejections'}")
    lines.append(f"  analysts' database (public schema suppressed)  {paths.output / 'analytics.duckdb'}")
    lines.append(f"  dashboards  {paths.output / 'dashboards' / 'index.html'}")
    lines.append(f"  annual assessments  {paths.output / 'reports'}")
    lines.append(f"  validation (Data Docs)  {paths.output / 'validation' / 'index.html'}")
    return lines


def _row_lines(rows_by_year, reasons) -> list[str]:
    lines = ["Rows per year (read = loaded + rejected; warned rows are loaded):"]
    lines.append(f"  {'year':<9}{'read':>12}{'loaded':>12}{'rejected':>12}{'warned':>12}")
    for year, read, loaded, rejected, warned in rows_by_year:
        lines.append(f"  {year:<9}{read:>12,}{loaded:>12,}{rejected:>12,}{warned:>12,}")
    for kind in ("rejected", "warning"):
        counts = [f"{reason} {n:,}" for k, reason, n in reasons if k == kind]
        label = "Rejected rows by reason" if kind == "rejected" else "Warnings by reason"
        lines.append(f"{label}: " + (", ".join(counts) if counts else "none"))
    return lines


LINK_STATUSES = ("linked_id", "linked_model", "review", "unlinked")


def linkage_counts(con) -> list[tuple[str, str | None, int]]:
    """(status, reason, rows) of restricted.roster_links; empty before the table exists."""
    (exists,) = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'restricted' AND table_name = 'roster_links'"
    ).fetchone()
    if not exists:
        return []
    return con.execute(
        "SELECT status, reason, count(*) FROM restricted.roster_links GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def _linkage_lines(links, paths: Paths) -> list[str]:
    """The roster linkage by status (every accepted topnotch_roster row has one)."""
    if not links:
        return []
    by_status = defaultdict(int)
    for status, _, n in links:
        by_status[status] += n
    total = sum(by_status.values())
    lines = [f"拔尖计划 roster linkage ({total:,} accepted roster rows): "
             + ", ".join(f"{s} {by_status.get(s, 0):,}" for s in LINK_STATUSES)]
    reasons = [f"{status} {reason} {n:,}" for status, reason, n in links if reason]
    if reasons:
        lines.append("  by reason: " + ", ".join(reasons))
    if by_status.get("review"):
        lines.append(f"  clerical review (restricted): {paths.output / 'restricted' / 'linkage'}")
    return lines


def _check_lines(check_results) -> list[str]:
    if not check_results:
        return []
    failed = [(name, detail) for name, passed, detail in check_results if not passed]
    lines = [f"Checks: {len(check_results) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"  failed  {name}: {detail}" for name, detail in failed]
    return lines
