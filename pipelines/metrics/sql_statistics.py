"""The Wilson interval of statistics.py as DuckDB functions, for the tables whose SQL
computes its shares itself (marts.annual_reach): `wilson_low(successes, trials)` and
`wilson_high(successes, trials)`, the ends of the 95% interval, NULL where trials is 0 or
either argument is NULL. The same Python computes them as the rows of marts.metric_values,
so the formula has one place."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.metrics.statistics import wilson_interval
from pipelines.registry.metrics import CONFIDENCE

WILSON_FUNCTIONS = ("wilson_low", "wilson_high")


def _interval_end(end: int):
    def interval_end(successes: pa.ChunkedArray, trials: pa.ChunkedArray) -> pa.Array:
        ends = wilson_interval(
            successes.to_numpy(zero_copy_only=False), trials.to_numpy(zero_copy_only=False), CONFIDENCE
        )[end]
        return pa.array(ends, mask=np.isnan(ends))

    return interval_end


def create_wilson_functions(con: duckdb.DuckDBPyConnection) -> None:
    """wilson_low and wilson_high on `con`, for this connection only."""
    for end, name in enumerate(WILSON_FUNCTIONS):
        con.create_function(
            name, _interval_end(end), ["DOUBLE", "DOUBLE"], "DOUBLE",
            type="arrow", null_handling="special", side_effects=False,
        )
