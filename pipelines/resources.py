"""Where the pipeline reads and writes, chosen in one place: explicit paths from the
command line, or the environment (YINGCAI_INPUT, YINGCAI_OUTPUT) for the Dagster UI."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.locking import acquire_writer_lock, release_writer_lock

DEFAULT_INPUT = "data/incoming"
DEFAULT_OUTPUT = "data/output"


class Paths(dg.ConfigurableResource):
    """The input directory of deliveries and the output directory of everything made.
    A run that uses it holds the output directory's writer lock from start to end."""

    input_dir: str
    output_dir: str
    wait_for_writer: bool = False

    @property
    def input(self) -> Path:
        return Path(self.input_dir)

    @property
    def output(self) -> Path:
        return Path(self.output_dir)

    @property
    def warehouse(self) -> Path:
        """The restricted warehouse: personal data lives here and under restricted/."""
        return self.output / "warehouse.duckdb"

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._lock = acquire_writer_lock(self.output, self.wait_for_writer)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        release_writer_lock(self._lock)


class InputDirectory(dg.ConfigurableResource):
    """The input directory alone, for the sensor (which must not take the writer lock)."""

    path: str

    @property
    def input(self) -> Path:
        return Path(self.path)


def paths_from_environment() -> Paths:
    return Paths(
        input_dir=os.environ.get("YINGCAI_INPUT", DEFAULT_INPUT),
        output_dir=os.environ.get("YINGCAI_OUTPUT", DEFAULT_OUTPUT),
    )
