"""Running a suite: a frame in, the Great Expectations validation result and an `Outcome`
out (`validate_frame`); and a validation of the catalog against the warehouse
(`validate_in_warehouse`).

Frames of up to FULL_VALIDATION_MAX_ROWS rows go to Great Expectations whole. Above that
(training holds ~10 million rows at national scale; GX on pandas spends most of its time
copying and hashing the frame, ~15 s for 800,000 applicants) GX validates a reservoir
sample of SAMPLE_ROWS rows — enough for the schema expectations (columns present, their
types), which the sample shares exactly with the frame — and every row-level expectation
is counted exactly over all rows in DuckDB (`exact`): non-null, null, value in set,
between, pair equal, pair a ≥ b, regex, uniqueness and compound uniqueness. The exact
counts replace the sample's in the result, so the check, the logs and Data Docs all
report every row. An expectation with no SQL form fails loudly (`exact.NotExact`) rather
than being judged on the sample.

Great Expectations is imported inside these functions only (it takes seconds).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from pipelines.validation.catalog import Validation
from pipelines.validation.exact import count_unexpected, row_rule
from pipelines.validation.outcome import EXAMPLES, Failure, Outcome, example, expectation_name
from pipelines.warehouse import sql, sql_file

if TYPE_CHECKING:
    import pandas as pd

FULL_VALIDATION_MAX_ROWS = 100_000
SAMPLE_ROWS = 20_000
SAMPLE_SEED = 20_240_601


def result_format(restricted: bool) -> dict:
    """SUMMARY with a few unexpected values; for a restricted frame no value at all."""
    if restricted:
        return {"result_format": "SUMMARY", "exclude_unexpected_values": True,
                "partial_unexpected_count": 0}
    return {"result_format": "SUMMARY", "partial_unexpected_count": 20}


def validate_frame(
    frame: pd.DataFrame | pl.DataFrame,
    suite,
    *,
    parameters: Mapping[str, object] | None = None,
    restricted: bool = False,
    site_dir: Path | None = None,
    run_name: str | None = None,
    exact_counts: list | None = None,
    rows: int | None = None,
):
    """Validate `frame` with `suite` (a gx.ExpectationSuite) in an ephemeral context.

    parameters: values of the suite's `$PARAMETER`s. restricted: report counts only.
    site_dir: write Data Docs there (see `docs`). exact_counts and rows: when `frame` is a
    sample of `rows` rows, the exact counts (`exact.Count`) that replace the sample's.
    Returns (the GX ExpectationSuiteValidationResult, an Outcome)."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    from pipelines.validation.docs import data_context, publish

    started = time.perf_counter()
    if isinstance(frame, pl.DataFrame):
        # Through DuckDB, so a Polars frame gets the dtypes a warehouse frame has.
        frame = duckdb.from_arrow(frame.to_arrow()).df()
    context = data_context(site_dir)
    batch = (
        context.data_sources.add_or_update_pandas("warehouse")
        .add_dataframe_asset(suite.name)
        .add_batch_definition_whole_dataframe("frame")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    result = batch.validate(
        suite, result_format=result_format(restricted), expectation_parameters=dict(parameters or {})
    )
    rows = len(frame) if rows is None else rows
    exact_names = _apply_exact_counts(result, exact_counts or [], restricted)
    run_id = RunIdentifier(run_name=run_name or "validation", run_time=dt.datetime.now(dt.UTC))
    result.meta.update(
        run_id=run_id, validation_time=run_id.run_time,
        rows=rows, rows_validated=len(frame), exact_in_sql=exact_names,
    )
    index = None
    if site_dir is not None:
        result_id = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(name=suite.name), run_id, batch.id
        )
        index = str(publish(context, Path(site_dir), suite, result, result_id))
    outcome = Outcome(
        suite=suite.name,
        passed=bool(result.success),
        evaluated=result.statistics["evaluated_expectations"],
        successful=result.statistics["successful_expectations"],
        failures=tuple(_failure(r, restricted) for r in result.results if not r.success),
        rows=rows,
        rows_validated=len(frame),
        exact_in_sql=tuple(exact_names),
        data_docs=index,
        seconds=time.perf_counter() - started,
    )
    return result, outcome


def query_file(name: str) -> Path:
    """queries/<name>.sql beside this module: a validation's frame or a suite parameter."""
    return sql_file(__file__, f"queries/{name}")


def frame_query(validation: Validation) -> str:
    """The SELECT a validation runs on: queries/<frame>.sql, or a staging suite's
    accepted rows (the table name from the source registry)."""
    if validation.accepted_rows_of is not None:
        return f"SELECT * FROM staging.{validation.accepted_rows_of} WHERE row_reason IS NULL"
    return sql(query_file(validation.frame)).strip().rstrip(";")


def validate_in_warehouse(
    con: duckdb.DuckDBPyConnection,
    validation: Validation,
    *,
    site_dir: Path | None = None,
    run_name: str | None = None,
    full_max_rows: int = FULL_VALIDATION_MAX_ROWS,
    sample_rows: int = SAMPLE_ROWS,
) -> Outcome:
    """Run a catalog validation on its frame (`frame_query`): whole up to
    `full_max_rows` rows, else a reservoir sample of `sample_rows` plus exact SQL counts."""
    from pipelines.validation.suites import build_suite

    started = time.perf_counter()
    frame_sql = frame_query(validation)
    parameters = {
        name: [value for (value,) in con.execute(sql(query_file(query))).fetchall()]
        for name, query in validation.parameters.items()
    }
    suite = build_suite(validation)
    (rows,) = con.execute(f"SELECT count(*) FROM ({frame_sql})").fetchone()
    if rows <= full_max_rows:
        frame, counts = con.execute(frame_sql).df(), None
    else:
        # Reservoir sampling: one streaming pass in bounded memory. Seeded, though with
        # several threads DuckDB may pick other rows; the sample only decides the schema
        # expectations, which every row of the frame shares.
        frame = con.execute(
            f"SELECT * FROM ({frame_sql}) USING SAMPLE reservoir({int(sample_rows)} ROWS) "
            f"REPEATABLE ({SAMPLE_SEED})"
        ).df()
        rules = [
            row_rule(e.expectation_type, e.configuration.kwargs, parameters)
            for e in suite.expectations
        ]
        counts = count_unexpected(
            con, frame_sql, [r for r in rules if r is not None], with_examples=not validation.restricted
        )
    _, outcome = validate_frame(
        frame, suite, parameters=parameters, restricted=validation.restricted,
        site_dir=site_dir, run_name=run_name, exact_counts=counts, rows=rows,
    )
    return Outcome(**{**outcome.__dict__, "seconds": time.perf_counter() - started})


def _apply_exact_counts(result, counts: list, restricted: bool) -> list[str]:
    """Replace the sample's findings of each row rule by its exact counts over the frame,
    and recompute the result's statistics."""
    if not counts:
        return []
    by_name = {c.name: c for c in counts}
    replaced = []
    for r in result.results:
        name = expectation_name(r.expectation_config.type, r.expectation_config.kwargs)
        count = by_name.get(name)
        if count is None:
            continue
        r.success = count.success
        r.result["element_count"] = count.element_count
        r.result["unexpected_count"] = count.unexpected_count
        r.result["unexpected_percent"] = (
            100 * count.unexpected_count / count.element_count if count.element_count else 0.0
        )
        for key in ("partial_unexpected_list", "partial_unexpected_counts",
                    "partial_unexpected_index_list", "unexpected_percent_total",
                    "unexpected_percent_nonmissing", "missing_count", "missing_percent"):
            r.result.pop(key, None)
        if not restricted:
            r.result["partial_unexpected_list"] = list(count.examples)
        r.meta = {**(r.meta or {}), "counted": "exactly over every row, in DuckDB"}
        replaced.append(name)
    evaluated = len(result.results)
    successful = sum(1 for r in result.results if r.success)
    result.success = successful == evaluated
    result.statistics.update(
        evaluated_expectations=evaluated,
        successful_expectations=successful,
        unsuccessful_expectations=evaluated - successful,
        success_percent=100 * successful / evaluated if evaluated else None,
    )
    return replaced


def _failure(r, restricted: bool) -> Failure:
    config = r.expectation_config
    found = r.result or {}
    examples: list[str] = []
    if not restricted:
        values = found.get("partial_unexpected_list")
        if values is None and "observed_value" in found:
            values = [found["observed_value"]]
        for value in values or []:
            text = example(value)
            if text not in examples:
                examples.append(text)
            if len(examples) == EXAMPLES:
                break
    unexpected = found.get("unexpected_count")
    return Failure(
        expectation=expectation_name(config.type, config.kwargs),
        unexpected_count=None if unexpected is None else int(unexpected),
        examples=tuple(examples),
    )
