"""Writing an output file so that a reader never sees half of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_when_written(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed over `path` (atomic on one file
    system) when the block ends without an error. The temporary name is fixed, not per
    process — one writer at a time holds the output — so a run killed while writing
    leaves one file that the next run overwrites, never a pile of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    yield temporary
    os.replace(temporary, path)
