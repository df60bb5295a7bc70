"""Where the pipeline reads and writes, chosen in one place: explicit paths from the
command line, or the environment (YINGCAI_INPUT, YINGCAI_OUTPUT) for the Dagster UI.
Plain data: the Dagster resource (pipelines.resources) wraps it for the assets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INPUT = "data/incoming"
DEFAULT_OUTPUT = "data/output"


@dataclass(frozen=True)
class Paths:
    """The input directory of deliveries and the output directory of everything made;
    `wait_for_writer`: wait for a run holding the output's writer lock instead of refusing."""

    input_dir: str | os.PathLike
    output_dir: str | os.PathLike
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


def paths_from_environment() -> Paths:
    return Paths(
        input_dir=os.environ.get("YINGCAI_INPUT", DEFAULT_INPUT),
        output_dir=os.environ.get("YINGCAI_OUTPUT", DEFAULT_OUTPUT),
    )
