"""Asset checks: the expectation suites of pipelines.validation (Great Expectations),
one check per suite on the asset it validates, and the accounting checks — every row of
every file accounted for, every file loaded, the reference tables present.

A check whose failure would poison the metrics is ERROR and blocking: the assets
downstream of the checked asset do not materialise in that run. The others are WARN.
Great Expectations is imported only when a suite runs, never when definitions load.
"""

from collections import defaultdict

import dagster as dg
import polars as pl

from pipelines.contract.sources import REFERENCE_DIR, REFERENCE_FILES
from pipelines.resources import PathsResource
from pipelines.staging.unions import create_source_views
from pipelines.validation import catalog
from pipelines.validation.catalog import Validation
from pipelines.validation.docs import site_dir
from pipelines.validation.outcome import Outcome
from pipelines.validation.run import validate_in_warehouse
from pipelines.warehouse import connect, run_sql, sql_file

COHORT_EXPECTATIONS = catalog.COHORT.name
APPLICANTS_EXPECTATIONS = catalog.APPLICANTS.name
TRAINING_EXPECTATIONS = catalog.TRAINING.name
ASSESSMENT_EXPECTATIONS = catalog.ASSESSMENT.name
FOLLOWUP_EXPECTATIONS = catalog.FOLLOWUP.name
IDENTITIES_EXPECTATIONS = catalog.IDENTITIES.name
IDENTITIES_COVER_ACCEPTED_PEOPLE = catalog.IDENTITY_COVERAGE.name
PERSONS_EXPECTATIONS = catalog.PERSONS.name
ACCEPTED_ROWS_BELONG_TO_PERSONS = catalog.ACCEPTED_ACTIVITY.name
ONE_RESPONSE_PER_PERSON_AND_SURVEY_YEAR = catalog.FOLLOWUP_RESPONSES.name
ROWS_ACCOUNTED_FOR = "rows_accounted_for"
EVERY_FILE_LOADED = "every_file_loaded"
REFERENCE_TABLES_PRESENT = "reference_tables_present"

FILE_INGEST = ["audit", "file_ingest"]
ROWS_ACCOUNTED_FOR_SQL = sql_file(__file__, "rows_accounted_for")
REJECTED_FILES_SQL = sql_file(__file__, "rejected_files")
REFERENCE_FILE_SQL = sql_file(__file__, "reference_file")
# How files outside the year folders are keyed where counts are given per year: the
# loaded ones are the reference files; a rejected one is a stray.
REFERENCE_YEAR = "reference"
OUTSIDE_YEAR_FOLDERS = "outside year folders"
FAILING_FILES_LISTED = 20

SEVERITY = {"ERROR": dg.AssetCheckSeverity.ERROR, "WARN": dg.AssetCheckSeverity.WARN}


def expectation_check(validation: Validation) -> dg.AssetChecksDefinition:
    """The Dagster check that runs one expectation suite of the catalog."""

    @dg.asset_check(
        asset=list(validation.asset),
        name=validation.name,
        description=validation.description,
        blocking=validation.blocking,
        additional_deps=[list(key) for key in validation.reads],
    )
    def _check(context: dg.AssetCheckExecutionContext, paths: PathsResource) -> dg.AssetCheckResult:
        with connect(paths.warehouse, read_only=True) as con:
            outcome = validate_in_warehouse(
                con, validation, site_dir=site_dir(paths.output), run_name=context.run.run_id
            )
        context.log.info(outcome.summary())
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=SEVERITY[validation.severity],
            metadata=expectation_metadata(outcome),
            description=outcome.summary(),
        )

    return _check


def expectation_metadata(outcome: Outcome) -> dict:
    values = outcome.metadata()
    metadata = {
        key: value for key, value in values.items()
        if key not in ("failed_expectations", "exact_in_sql", "data_docs")
    }
    metadata["failed_expectations"] = dg.MetadataValue.json(values["failed_expectations"])
    if outcome.exact_in_sql:
        metadata["exact_in_sql"] = dg.MetadataValue.json(values["exact_in_sql"])
    if outcome.data_docs:
        metadata["data_docs"] = dg.MetadataValue.path(outcome.data_docs)
    return metadata


EXPECTATION_CHECKS = [expectation_check(v) for v in catalog.VALIDATIONS]


@dg.asset_check(asset=FILE_INGEST, name=ROWS_ACCOUNTED_FOR, blocking=True)
def rows_accounted_for(paths: PathsResource) -> dg.AssetCheckResult:
    """Nothing disappears silently: for every loaded file, rows read = rows loaded + rows
    rejected, and the raw layer holds exactly the rows read; a file rejected whole has no
    row anywhere. Counts every file the ingest logged, as the run summary and the
    data-quality page do. Counted independently of
    audit.file_ingest's arithmetic (raw rows, staged rows, accepted rows, quarantined
    rows, per file; rows_accounted_for.sql beside this module), and compared with what it says.
    Rows of a file that is not logged as loaded fail too. Reported per year."""
    with connect(paths.warehouse, read_only=True) as con:
        create_source_views(con)
        files = run_sql(con, ROWS_ACCOUNTED_FOR_SQL).pl()
    files = files.with_columns(pl.col("accounted").fill_null(False))
    per_year = accounting_per_year(files)
    failing = files.filter(~pl.col("accounted"))
    failing_years = sorted({_year_label(y) for y in failing["year"].to_list()})
    listed = failing.head(FAILING_FILES_LISTED).select(
        "file_path", "rows_read", "raw_rows", "staged_rows", "loaded_rows", "quarantined_rows",
        "rows_loaded", "rows_rejected",
    ).to_dicts()
    return dg.AssetCheckResult(
        passed=failing.height == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"all {files.height} files accounted for" if failing.height == 0
            else f"{failing.height} files not accounted for, in {', '.join(failing_years)}"
        ),
        metadata={
            "files": files.height,
            "files_not_accounted_for": failing.height,
            "failing_years": dg.MetadataValue.json(failing_years),
            "per_year": dg.MetadataValue.json(per_year),
            "failing_files": dg.MetadataValue.json(listed),
        },
    )


def accounting_per_year(files: pl.DataFrame) -> dict[str, dict]:
    """Per year (files outside the year folders under "reference"): files, rows read, raw
    rows, rows loaded and rejected as counted, and the files not accounted for."""
    totals = (
        files.group_by("year")
        .agg(
            files=pl.len(),
            rows_read=pl.col("rows_read").sum(),
            raw_rows=pl.col("raw_rows").sum(),
            rows_loaded=pl.col("loaded_rows").sum(),
            rows_rejected=pl.col("quarantined_rows").sum(),
            files_not_accounted_for=(~pl.col("accounted")).sum(),
        )
        .sort("year", nulls_last=False)
    )
    return {
        _year_label(row.pop("year")): {k: int(v or 0) for k, v in row.items()}
        for row in totals.to_dicts()
    }


@dg.asset_check(asset=FILE_INGEST, name=EVERY_FILE_LOADED)
def every_file_loaded(paths: PathsResource) -> dg.AssetCheckResult:
    """Every delivered file was loaded. A file rejected whole (unknown_source,
    missing_column, unreadable) loads no rows and the run goes on; this check fails
    visibly, naming the file, its reason and its year, so the province can re-deliver."""
    with connect(paths.warehouse, read_only=True) as con:
        rejected = run_sql(con, REJECTED_FILES_SQL).fetchall()
    by_year: dict[str, list[str]] = defaultdict(list)
    for year, file_path, reason in rejected:
        by_year[OUTSIDE_YEAR_FOLDERS if year is None else str(year)].append(f"{file_path} ({reason})")
    return dg.AssetCheckResult(
        passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            "every delivered file was loaded" if not rejected
            else f"{len(rejected)} files rejected whole: "
            + "; ".join(f"{path} ({reason})" for _, path, reason in rejected)
        ),
        metadata={
            "files_rejected": len(rejected),
            "years_with_rejected_files": dg.MetadataValue.json(sorted(by_year)),
            "rejected_files_by_year": dg.MetadataValue.json(dict(by_year)),
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            REFERENCE_TABLES_PRESENT,
            asset=["raw", table],
            description=f"{REFERENCE_DIR}/{file_name} was delivered, loaded, and has rows.",
        )
        for table, file_name in REFERENCE_FILES.items()
    ],
)
def reference_tables_present(paths: PathsResource):
    """The three reference files were loaded with at least one row each. ERROR, not
    blocking: without them every university and mentor is unknown (warned, not rejected)
    and the run still accounts for every file."""
    with connect(paths.warehouse, read_only=True) as con:
        for table, file_name in REFERENCE_FILES.items():
            path = f"{REFERENCE_DIR}/{file_name}"
            logged = run_sql(con, REFERENCE_FILE_SQL, [path]).fetchone()
            # `table` comes from the contract's fixed list of reference tables.
            (rows,) = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()
            status, reason = (logged[0], logged[1]) if logged else ("missing", None)
            yield dg.AssetCheckResult(
                asset_key=["raw", table],
                check_name=REFERENCE_TABLES_PRESENT,
                passed=status == "loaded" and rows >= 1,
                severity=dg.AssetCheckSeverity.ERROR,
                description=f"{path}: {status}" + (f" ({reason})" if reason else "") + f", {rows} rows",
                metadata={"file_path": path, "status": status, "reason": reason or "", "rows": rows},
            )


def _year_label(year: int | None) -> str:
    return REFERENCE_YEAR if year is None else str(year)
