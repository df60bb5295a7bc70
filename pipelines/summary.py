"""The short summary `yingcai run` prints: files and rows per year and source, what was
rejected, and where the outputs are."""

from __future__ import annotations

from collections import defaultdict

from pipelines.contract.sources import YEARLY_SOURCES
from pipelines.resources import Paths
from pipelines.warehouse import connect, run_sql

MAX_LISTED_REJECTIONS = 20


def summary_lines(paths: Paths) -> list[str]:
    with connect(paths.warehouse, read_only=True) as con:
        by_year = run_sql(con, "audit/run_summary_by_year").fetchall()
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
    lines.append("Outputs:")
    lines.append(f"  restricted warehouse  {paths.warehouse}")
    return lines
