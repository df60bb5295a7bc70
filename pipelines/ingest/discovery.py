"""Finding every file of an input directory and what the contract says it is."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.contract.sources import (
    REFERENCE_DIR,
    REFERENCE_FILES,
    YEAR_FOLDER,
    source_of_file_name,
)


@dataclass(frozen=True)
class DeliveredFile:
    """One file under the input directory. `path` is relative to the input, POSIX style:
    the file's identity everywhere downstream. `source` is a yearly source, a reference
    table name, or None when the contract cannot place the file (unknown_source)."""

    path: str
    absolute: Path
    year: int | None
    source: str | None

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()


def _walk(root: Path):
    """Every non-directory entry below root, without following directory symlinks, in a
    stable order (file-name order matters to the contract's tie-breaks)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name
        # A symlink to a directory is listed in dirs but not walked: log it as a file.
        for name in dirs:
            if (Path(folder) / name).is_symlink():
                yield Path(folder) / name


def discover(input_dir: Path) -> list[DeliveredFile]:
    """Every file of the input directory, classified by where it lies and its name."""
    root = input_dir.resolve()
    found = []
    for absolute in _walk(root):
        relative = absolute.relative_to(root)
        parts = relative.parts
        year = int(parts[0]) if len(parts) > 1 and YEAR_FOLDER.match(parts[0]) else None
        if year is not None:
            source = source_of_file_name(absolute.name)
        elif len(parts) == 2 and parts[0] == REFERENCE_DIR:
            source = next((t for t, f in REFERENCE_FILES.items() if f == parts[1].lower()), None)
        else:
            source = None
        found.append(DeliveredFile(relative.as_posix(), absolute, year, source))
    return found


def year_folders(input_dir: Path) -> list[int]:
    """The years (four-digit folder names) present in the input directory."""
    return sorted(
        int(p.name) for p in input_dir.iterdir() if p.is_dir() and YEAR_FOLDER.match(p.name)
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
