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


def _check_lines(check_results) -> list[str]:
    if not check_results:
        return []
    failed = [(name, detail) for name, passed, detail in check_results if not passed]
    lines = [f"Checks: {len(check_results) - len(failed)} passed, {len(failed)} failed"]
    lines += [f"  failed  {name}: {detail}" for name, detail in failed]
    return lines
