"""One writer per output directory: a run holds an exclusive lock on
<output>/.writer.lock from its first step to its last, whether it was started by
`yingcai run`, the Dagster UI, the sensor or the schedule (the `Paths` resource takes it
when a run starts). A second run waits for it or is refused with a clear message."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_FILE_NAME = ".writer.lock"


class WriterBusy(Exception):
    """Another run holds the output directory."""


def acquire_writer_lock(output_dir: Path, wait: bool) -> int:
    """The descriptor holding the lock; records this process id in the lock file."""
    output_dir.mkdir(parents=True, exist_ok=True)
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
    return descriptor


def release_writer_lock(descriptor: int) -> None:
    os.ftruncate(descriptor, 0)
    fcntl.flock(descriptor, fcntl.LOCK_UN)
    os.close(descriptor)
