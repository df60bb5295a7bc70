"""The fingerprint of the pipeline's own code: a digest of every source file that decides
what the pipeline writes (Python, SQL and the pages' assets under pipelines/, assets/,
dashboards/ and sql/). Recorded with each completed run, so that a run after an upgrade
rebuilds every year instead of finding "nothing changed" in the deliveries and leaving
outputs made by the old code (raw.completed_input_state)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("pipelines", "assets", "dashboards", "sql")
CODE_SUFFIXES = (".py", ".sql", ".yaml", ".js", ".css", ".html", ".csv")


def code_fingerprint_of(root: Path) -> str:
    """SHA-256 over (path, content) of the code files under `root`'s code folders."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """The running pipeline's code fingerprint (computed once per process)."""
    return code_fingerprint_of(PROJECT_ROOT)
