"""What a run needs settled before it starts, without Dagster: the years to run, a
pseudonym key that matches the warehouse, an output directory no other run writes."""

from __future__ import annotations

from pipelines.identity import PseudonymKeyError
from pipelines.ingest.discovery import year_folders
from pipelines.locking import WriterBusy, acquire_writer_lock, release_writer_lock
from pipelines.paths import Paths
from pipelines.restricted.pseudonym_key_check import checked_key, stored_check_value
from pipelines.warehouse import connect


class UserError(Exception):
    """A problem the user can fix (wrong directory, a busy warehouse): one line, no trace."""


def years_to_run(paths: Paths) -> list[int]:
    """Every year folder of the input, plus the years the warehouse holds already: a year
    folder that went away must still be run so that its rows go too."""
    if not paths.input.is_dir():
        raise UserError(f"input directory {paths.input} does not exist")
    present = year_folders(paths.input)
    known: list[int] = []
    if paths.warehouse.exists():
        with connect(paths.warehouse, read_only=True) as con:
            tables = {t for (t,) in con.execute(
                "SELECT schema_name || '.' || table_name FROM duckdb_tables()"
            ).fetchall()}
            if "raw.delivered_files" in tables:
                known = [
                    y for (y,) in con.execute(
                        "SELECT DISTINCT year FROM raw.delivered_files WHERE year IS NOT NULL"
                    ).fetchall()
                ]
            if "restricted.pseudonym_key_check" in tables:
                _check_key(paths, con)
    years = sorted(set(present) | set(known))
    if not years:
        raise UserError(
            f"no year folders (such as 2019/) in {paths.input}: nothing to ingest"
        )
    return years


def _check_key(paths: Paths, con) -> None:
    """Refuse to start when the warehouse's pseudonym key is missing or different."""
    try:
        checked_key(stored_check_value(con), paths.output)
    except PseudonymKeyError as error:
        raise UserError(str(error)) from None


def ensure_writer_free(paths: Paths) -> None:
    """Refuse early and plainly when another run writes the output (or wait for it, with
    wait_for_writer); the run itself holds the lock through the paths resource."""
    try:
        release_writer_lock(acquire_writer_lock(paths.output, paths.wait_for_writer))
    except WriterBusy as busy:
        raise UserError(str(busy)) from None
