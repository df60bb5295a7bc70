"""Finding every file of an input directory and what the contract says it is."""

from __future__ import annotations

import hashlib
import os
import stat
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
    """Every non-directory entry below root (files, links, pipes), without following
    links, in a stable order: depth first, each folder's entries by name (file-name order
    matters to the contract's tie-breaks). A stack, not recursion, so that no depth of
    nested folders can exhaust Python's recursion limit."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            else:  # a link to a folder is not walked: it is logged as a file
                yield Path(entry.path)
        pending.extend(reversed(folders))


def discover(input_dir: Path) -> list[DeliveredFile]:
    """Every file of the input directory, classified by where it lies and its name."""
    root = input_dir.resolve()
    found = []
    for absolute in _walk(root):
        relative = _as_text(absolute.relative_to(root).as_posix())
        parts = relative.split("/")
        year = int(parts[0]) if len(parts) > 1 and YEAR_FOLDER.match(parts[0]) else None
        if year is not None:
            source = source_of_file_name(parts[-1])
        elif len(parts) == 2 and parts[0] == REFERENCE_DIR:
            source = next((t for t, f in REFERENCE_FILES.items() if f == parts[1].lower()), None)
        else:
            source = None
        found.append(DeliveredFile(relative, absolute, year, source))
    return found


def _as_text(path: str) -> str:
    """A path as text the warehouse can store and print. A name that is not UTF-8 (a zip
    made on Chinese Windows unpacks to GBK bytes) has its non-ASCII bytes written as
    \\xNN, not as the lone surrogates Python reads them as, which no database takes."""
    return "/".join(_name_text(name) for name in path.split("/"))


def _name_text(name: str) -> str:
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("ascii", "backslashreplace")


def year_folders(input_dir: Path) -> list[int]:
    """The years (four-digit folder names) present in the input directory."""
    return sorted(
        int(p.name)
        for p in input_dir.iterdir()
        if YEAR_FOLDER.match(p.name) and p.is_dir() and not p.is_symlink()  # links: see _walk
    )


def sha256_of(path: Path) -> str:
    """The SHA-256 of a regular file's content; OSError for anything else. A link is not
    followed, and a named pipe is opened without waiting, so that a FIFO named like a
    delivery cannot hang the run (or the sensor) waiting for a writer."""
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path} is not a regular file")
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
