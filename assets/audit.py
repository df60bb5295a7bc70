"""The audit layer: what data stewards read to account for every delivered file."""

import dagster as dg

from assets.raw import reference_tables, yearly_deliveries
from pipelines.resources import Paths
from pipelines.warehouse import connect, run_sql, transaction


@dg.asset(
    key=["audit", "file_ingest"],
    group_name="audit",
    deps=[*yearly_deliveries.keys, *reference_tables.keys],
)
def file_ingest(paths: Paths) -> dg.MaterializeResult:
    """Every file found under the input directory, once: its path relative to the input,
    source, year, SHA-256, status (loaded or rejected), the reason and a message a data
    steward can send back to the province, and its row counts (rows read; rows loaded and
    rejected by the row rules)."""
    with connect(paths.warehouse) as con, transaction(con):
        run_sql(con, "audit/file_ingest")
        files, rejected, rows = con.execute(
            "SELECT count(*), count(*) FILTER (status = 'rejected'), coalesce(sum(rows_read), 0) "
            "FROM audit.file_ingest"
        ).fetchone()
    return dg.MaterializeResult(
        metadata={"files": files, "files_rejected": rejected, "rows_read": int(rows)}
    )
