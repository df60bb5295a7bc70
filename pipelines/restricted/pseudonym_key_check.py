"""restricted.pseudonym_key_check: the one check value by which a warehouse knows the
pseudonym key it was built with (pipelines.identity), so that a run with another key is
refused instead of silently breaking every link between years."""

from __future__ import annotations

from pathlib import Path

from pipelines.identity import KEY_ENVIRONMENT_VARIABLE, PseudonymKeyError, key_check, load_key

DESCRIPTION = (
    "One row: the check value (an HMAC of a fixed label) of the pseudonym key this "
    "warehouse was built with; a run with another key is refused. Restricted, never published."
)
COLUMNS = {"check_value": "HMAC-SHA256 of a fixed label under the key: tells keys apart without revealing them."}


def warehouse_key(con, output_dir: Path) -> bytes:
    """The key for the warehouse `con` is open on: loaded (or made, for a new warehouse)
    and checked against the check value the warehouse keeps."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS restricted.pseudonym_key_check (check_value VARCHAR NOT NULL)"
    )
    stored = stored_check_value(con)
    key = checked_key(stored, output_dir)
    if stored is None:
        con.execute("INSERT INTO restricted.pseudonym_key_check VALUES (?)", [key_check(key)])
    return key


def stored_check_value(con) -> str | None:
    """The check value the warehouse keeps, None before its first person."""
    row = con.execute("SELECT check_value FROM restricted.pseudonym_key_check").fetchone()
    return row[0] if row else None


def checked_key(stored: str | None, output_dir: Path) -> bytes:
    """The key (load_key), refused when it is not the one whose check value is `stored`."""
    key = load_key(output_dir, warehouse_has_people=stored is not None)
    if stored is not None and stored != key_check(key):
        raise PseudonymKeyError(
            "the pseudonym key is not the one this warehouse was built with: person_keys "
            f"would not link; use the original key file or {KEY_ENVIRONMENT_VARIABLE}"
        )
    return key
