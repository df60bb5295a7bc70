"""The one record of what the warehouse was last built from, and what changed since:
raw.completed_input_state holds, per scope (year folder or `reference`), the fingerprint
of the files the last completed run processed. The run's last asset writes it (however
the run was started: `yingcai run`, the UI, the sensor, the schedule); the command line
and the delivery sensor compare the input directory against it. A killed or failed run
records nothing, so its years are processed again next time.

Beside the scopes, the table keeps the fingerprint of the code that made the warehouse
(scope `pipeline-code`, pipelines.code_version): when the code has changed since, every
year is processed again, so an upgrade never leaves outputs of the old code standing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.code_version import code_fingerprint
from pipelines.deliveries_state import REFERENCE_SCOPE, changed_scopes, fingerprints
from pipelines.warehouse import connect

COMPLETED_STATE_TABLE = "raw.completed_input_state"  # operational, never published
CODE_SCOPE = "pipeline-code"
DESCRIPTION = (
    "What the last completed run processed: one row per scope (a delivery year, or "
    "`reference` for the reference tables and files outside year folders) with the "
    "fingerprint of its files (their paths and SHA-256 as raw.delivered_files holds them). "
    "A run replaces its years and the reference scope and keeps the others; the row "
    "`pipeline-code` holds the fingerprint of the code that made the warehouse. Operational, "
    "never published: `yingcai run` and the delivery sensor compare the input directory "
    "against it to find what changed."
)


def last_completed_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """scope → fingerprint as of the last completed run ({} before the first); the code's
    fingerprint under CODE_SCOPE."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' "
        "AND table_name = 'completed_input_state'"
    ).fetchone()[0]
    if not exists:
        return {}
    return dict(con.execute(f"SELECT scope, fingerprint FROM {COMPLETED_STATE_TABLE}").fetchall())


def completed_state_at(warehouse: Path) -> dict[str, str]:
    """last_completed_state of a warehouse file ({} when there is none yet); raises
    pipelines.warehouse.WarehouseBusy while a run writes it."""
    if not warehouse.exists():
        return {}
    with connect(warehouse, read_only=True) as con:
        return last_completed_state(con)


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


def record_completed_run(con: duckdb.DuckDBPyConnection, processed: dict[str, str], years: list[int]) -> dict[str, str]:
    """Record that a run over `years` completed: those years and the reference scope
    (which every run ingests) take the fingerprints of what the run processed
    (`processed`, scope → fingerprint; a scope absent has no files any more); the other
    scopes keep theirs. Returns the state recorded."""
    scopes = {str(year) for year in years} | {REFERENCE_SCOPE}
    state = {scope: fp for scope, fp in last_completed_state(con).items() if scope not in scopes}
    state |= {scope: fp for scope, fp in processed.items() if scope in scopes}
    state[CODE_SCOPE] = code_fingerprint()
    record_completed_state(con, state)
    return state


def ingested_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """scope → fingerprint of the files raw.delivered_files holds: what the ingest of
    this run read (the same fingerprints a scan of that input gives)."""
    return fingerprints(dict(con.execute("SELECT file_path, sha256 FROM raw.delivered_files").fetchall()))


def years_to_update(completed: dict[str, str], current: dict[str, str], all_years: list[int]) -> dict[int, str]:
    """year → why it must be processed again: its folder was added, changed or removed
    since the completed state; every year when the reference tables (or files outside
    year folders) changed, when the pipeline's code changed since the completed run, or
    when nothing was completed before. `completed` as last_completed_state gives it
    (CODE_SCOPE included); `current` the input's fingerprints."""
    code = completed.get(CODE_SCOPE)
    completed = {scope: fp for scope, fp in completed.items() if scope != CODE_SCOPE}
    changes = changed_scopes(completed, current)
    if REFERENCE_SCOPE in changes:
        return {year: f"reference tables {changes[REFERENCE_SCOPE]}" for year in sorted(all_years)}
    if not completed:
        return {
            year: f"year {year} {changes[str(year)]}" if str(year) in changes else "no completed run yet"
            for year in sorted(all_years)
        }
    if code != code_fingerprint():
        return {year: "the pipeline's code changed since the last completed run" for year in sorted(all_years)}
    return {int(scope): f"year {scope} {change}" for scope, change in changes.items() if int(scope) in all_years}


def delivery_scopes(state: dict[str, str]) -> dict[str, str]:
    """A completed state without the code's fingerprint: scope → fingerprint of files."""
    return {scope: fp for scope, fp in state.items() if scope != CODE_SCOPE}


def years_needing_a_run(completed: dict[str, str], current: dict[str, str], all_years: list[int]) -> list[int]:
    return sorted(years_to_update(completed, current, all_years))
