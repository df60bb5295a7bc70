"""Importing Great Expectations while the run does other work.

GX takes about five seconds to import and is first needed by the staging checks, after
ingest and staging; importing it on a thread from the run's start lets the import
overlap them (DuckDB and Polars release the interpreter while they read and write)."""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HEAVY_MODULES = ("great_expectations",)


@contextmanager
def imported_meanwhile() -> Iterator[None]:
    """Import HEAVY_MODULES on a thread while the block runs; wait for it at the end, so
    no import is left running when the interpreter exits. A failed import is left for
    the first real use to report."""
    thread = threading.Thread(target=_import_quietly, name="import-great-expectations", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _import_quietly() -> None:
    for name in HEAVY_MODULES:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported where GX is used
            continue
        # What the import made lives as long as the process: frozen, the collector's
        # full passes do not walk it again (they took 1 s of a demo run).
        gc.freeze()
