"""The pseudonym key and person_key.

person_key = HMAC-SHA256(key, normalised national ID), hex. The key comes from
YINGCAI_PSEUDONYM_KEY or from a key file next to the warehouse, created on the first run
with owner-only permissions. It is never printed, logged or written anywhere else. The
warehouse keeps only a check value (an HMAC of a fixed label) so that a run with a
different key — which would silently break every link between years — is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import polars as pl

KEY_ENVIRONMENT_VARIABLE = "YINGCAI_PSEUDONYM_KEY"
KEY_FILE_NAME = "pseudonym.key"
MINIMUM_KEY_LENGTH = 32
_CHECK_LABEL = b"yingcai person_key check"


class PseudonymKeyError(Exception):
    """The key is missing or not the one the warehouse was built with."""


def key_file(output_dir: Path) -> Path:
    return output_dir / KEY_FILE_NAME


def load_key(output_dir: Path, warehouse_has_people: bool) -> bytes:
    """The pseudonym key: from the environment, else the key file, else a new key file —
    but never a new key for a warehouse that already holds people."""
    from_environment = os.environ.get(KEY_ENVIRONMENT_VARIABLE)
    if from_environment:
        if len(from_environment) < MINIMUM_KEY_LENGTH:
            raise PseudonymKeyError(
                f"{KEY_ENVIRONMENT_VARIABLE} is shorter than {MINIMUM_KEY_LENGTH} characters"
            )
        return from_environment.encode("utf-8")
    path = key_file(output_dir)
    if path.exists():
        key = _read_key_file(path)
        if key is not None:
            return key
        if warehouse_has_people:
            raise PseudonymKeyError(
                f"the pseudonym key file {path} is damaged (empty or cut short) but the "
                f"warehouse already holds people: restore it from a backup (or set "
                f"{KEY_ENVIRONMENT_VARIABLE})"
            )
        # Left by a first run stopped before the key reached the disk: no person_key was
        # made with it, so a new key replaces it.
    elif warehouse_has_people:
        raise PseudonymKeyError(
            f"the pseudonym key file {path} is missing but the warehouse already holds "
            f"people: restore the key file (or set {KEY_ENVIRONMENT_VARIABLE}); a new key "
            "would break every link between years"
        )
    return _new_key_file(path, replace=path.exists())


def _read_key_file(path: Path) -> bytes | None:
    """The key in the file, or None when the file cannot hold one: a crash between making
    the file and writing it (or a power cut before the write reached the disk) leaves it
    empty, and an empty key would make every person_key guessable."""
    try:
        key = path.read_bytes().decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    return key.encode("ascii") if len(key) >= MINIMUM_KEY_LENGTH else None


def _new_key_file(path: Path, replace: bool) -> bytes:
    """A new key, written beside the key file and flushed to disk, then moved into place:
    a crash leaves no key file or a whole one. Unless `replace` (a damaged file), a key
    file that appeared meanwhile is kept, not overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fresh = path.with_name(f".{path.name}.new")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(key + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    try:
        if replace:
            os.replace(fresh, path)
        else:
            os.link(fresh, path)
    except FileExistsError:
        return load_key(path.parent, warehouse_has_people=True)
    finally:
        fresh.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the new name, too
    finally:
        os.close(folder)
    return key.encode("ascii")


def key_check(key: bytes) -> str:
    """A value that tells keys apart without revealing them."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()


def person_key(key: bytes, national_id: str) -> str:
    return hmac.new(key, national_id.encode("ascii"), hashlib.sha256).hexdigest()


class PersonKeys:
    """national_id → person_key, one HMAC per distinct ID for as long as it lives: a
    student's ID recurs in every source and year (ten million training rows hold some
    200,000 people), so a staging run computes each key once."""

    def __init__(self, key: bytes):
        self._key = key
        self._known: dict[str, str] = {}

    def of(self, national_ids: pl.Series) -> pl.DataFrame:
        """(national_id, person_key) for the distinct non-null IDs of a column."""
        distinct = national_ids.drop_nulls().unique().sort().to_list()
        known = self._known
        for national_id in distinct:
            if national_id not in known:
                known[national_id] = person_key(self._key, national_id)
        return pl.DataFrame(
            {"national_id": distinct, "person_key": [known[i] for i in distinct]},
            schema={"national_id": pl.String, "person_key": pl.String},
        )
