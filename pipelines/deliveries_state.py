"""What the input directory holds, as content fingerprints per scope (a year folder, or
`reference` for everything else). The files' hashes are those raw.delivered_files keeps
(the SHA-256 of a regular file, none for a link or an unreadable entry), so a scan of the
input and the files a run ingested give the same fingerprints. Size and modification
time only decide whether a file's hash must be computed again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipelines.contract.sources import YEAR_FOLDER
from pipelines.ingest.discovery import discover, sha256_of

REFERENCE_SCOPE = "reference"


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    sha256: str | None


def scan(input_dir: Path, previous: dict[str, FileState]) -> dict[str, FileState]:
    """path → state of every file under the input; a file whose size and mtime are
    unchanged keeps its previous hash (no re-read), any other file is hashed."""
    states = {}
    for delivered in discover(input_dir):
        try:
            info = delivered.absolute.lstat()
        except OSError:
            continue
        known = previous.get(delivered.path)
        if known and (known.size, known.mtime_ns) == (info.st_size, info.st_mtime_ns):
            states[delivered.path] = known
            continue
        digest = None if delivered.absolute.is_symlink() else _sha_or_none(delivered.absolute)
        states[delivered.path] = FileState(info.st_size, info.st_mtime_ns, digest)
    return states


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def scope_of(path: str) -> str:
    """The year folder a file belongs to (as pipelines.ingest.discovery places it), or
    `reference` for everything else (reference tables and stray files, which every
    year's staging reads or logs)."""
    parts = path.split("/")
    return str(int(parts[0])) if len(parts) > 1 and YEAR_FOLDER.match(parts[0]) else REFERENCE_SCOPE


def fingerprints(hashes: Mapping[str, str | None]) -> dict[str, str]:
    """scope → hash over (path, content hash) of its files, from path → content hash."""
    grouped: dict[str, list[tuple[str, str | None]]] = {}
    for path, sha in sorted(hashes.items()):
        grouped.setdefault(scope_of(path), []).append((path, sha))
    return {
        scope: hashlib.sha256(json.dumps(files, ensure_ascii=False).encode()).hexdigest()
        for scope, files in grouped.items()
    }


def fingerprints_of(states: dict[str, FileState]) -> dict[str, str]:
    """scope → fingerprint of a scan's files."""
    return fingerprints({path: state.sha256 for path, state in states.items()})


def changed_scopes(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """scope → added / changed / removed, for every scope whose fingerprint differs."""
    changes = {}
    for scope in sorted(set(before) | set(after)):
        if scope not in before:
            changes[scope] = "added"
        elif scope not in after:
            changes[scope] = "removed"
        elif before[scope] != after[scope]:
            changes[scope] = "changed"
    return changes


def encode(states: dict[str, FileState]) -> str:
    return json.dumps({p: [s.size, s.mtime_ns, s.sha256] for p, s in states.items()}, ensure_ascii=False)


def decode(cursor: str | None) -> dict[str, FileState]:
    if not cursor:
        return {}
    return {p: FileState(*v) for p, v in json.loads(cursor).items()}
