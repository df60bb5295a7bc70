"""Which delivery years a `yingcai run` must process: those whose files changed since the
last run that completed, by content fingerprint (pipelines.deliveries_state). A killed or
failed run records nothing, so its years are processed again next time."""

from __future__ import annotations

import duckdb

from pipelines.deliveries_state import REFERENCE_SCOPE, changed_scopes

COMPLETED_STATE_TABLE = "raw.completed_input_state"  # operational, never published


def last_completed_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """scope → fingerprint as of the last completed run ({} before the first)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' "
        "AND table_name = 'completed_input_state'"
    ).fetchone()[0]
    if not exists:
        return {}
    return dict(con.execute(f"SELECT scope, fingerprint FROM {COMPLETED_STATE_TABLE}").fetchall())


def record_completed_state(con: duckdb.DuckDBPyConnection, state: dict[str, str]) -> None:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {COMPLETED_STATE_TABLE} "
        "(scope VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL)"
    )
    con.execute("BEGIN TRANSACTION")
    con.execute(f"DELETE FROM {COMPLETED_STATE_TABLE}")
    if state:
        con.executemany(f"INSERT INTO {COMPLETED_STATE_TABLE} VALUES (?, ?)", sorted(state.items()))
    con.execute("COMMIT")


def years_needing_a_run(completed: dict[str, str], current: dict[str, str], all_years: list[int]) -> list[int]:
    """Years whose folder was added, changed or removed since the completed state; every
    year when the reference tables (or files outside year folders) changed or nothing
    was completed before."""
    changes = changed_scopes(completed, current)
    if not completed or REFERENCE_SCOPE in changes:
        return sorted(all_years) if changes or not completed else []
    changed = {int(scope) for scope in changes}
    return sorted(y for y in all_years if y in changed)
