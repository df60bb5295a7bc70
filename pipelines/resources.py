"""The Dagster resources: thin wrappers of the plain pipelines.paths.Paths, configured in
the UI by input_dir, output_dir (and wait_for_writer)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.locking import acquire_writer_lock, release_writer_lock
from pipelines.paths import Paths


class DirectoriesResource(dg.ConfigurableResource):
    """The input and output directories, without the writer lock: for the delivery
    sensor, which only reads."""

    input_dir: str
    output_dir: str

    @property
    def paths(self) -> Paths:
        return Paths(self.input_dir, self.output_dir)

    @property
    def input(self) -> Path:
        return self.paths.input

    @property
    def output(self) -> Path:
        return self.paths.output

    @property
    def warehouse(self) -> Path:
        return self.paths.warehouse


class PathsResource(DirectoriesResource):
    """The directories of a run: a run that uses it holds the output directory's writer
    lock from start to end (pipelines.locking)."""

    wait_for_writer: bool = False

    @property
    def paths(self) -> Paths:
        return Paths(self.input_dir, self.output_dir, self.wait_for_writer)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._lock = acquire_writer_lock(self.output, self.wait_for_writer)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        release_writer_lock(self._lock)
