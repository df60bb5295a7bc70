"""One writer per output directory: a run holds an exclusive lock on
<output>/.writer.lock from its first step to its last, whether it was started by
`yingcai run`, the Dagster UI, the sensor or the schedule (the `PathsResource` takes it
when a run starts). A second run waits for it or is refused with a clear message."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE_NAME = ".writer.lock"


class WriterBusy(Exception):
    """Another run holds the output directory."""


# Locks this process holds: path → [descriptor, holders]. flock is per open file, so a
# second open of the same file in this process would wait for the first: the command
# line holds the lock around a whole command, and the run inside it takes it again.
_HELD: dict[Path, list[int]] = {}


def acquire_writer_lock(output_dir: Path, wait: bool) -> int:
    """The descriptor holding the lock; records this process id in the lock file.
    Re-entrant within one process."""
    output_dir.mkdir(parents=True, exist_ok=True)
    key = (output_dir / LOCK_FILE_NAME).resolve()
    if key in _HELD:
        _HELD[key][1] += 1
        return _HELD[key][0]
    descriptor = os.open(output_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip()
        os.close(descriptor)
        raise WriterBusy(
            f"another run is writing to {output_dir} (process {holder or 'unknown'}); "
            "wait for it to finish, or run with --wait"
        ) from None
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, str(os.getpid()).encode(), 0)
    _HELD[key] = [descriptor, 1]
    return descriptor


def release_writer_lock(descriptor: int) -> None:
    key = next(k for k, (held, _) in _HELD.items() if held == descriptor)
    _HELD[key][1] -= 1
    if _HELD[key][1]:
        return
    del _HELD[key]
    os.ftruncate(descriptor, 0)
    fcntl.flock(descriptor, fcntl.LOCK_UN)
    os.close(descriptor)


@contextmanager
def writer_lock(output_dir: Path, wait: bool):
    """Hold the output directory's writer lock for a block."""
    descriptor = acquire_writer_lock(output_dir, wait)
    try:
        yield
    finally:
        release_writer_lock(descriptor)
