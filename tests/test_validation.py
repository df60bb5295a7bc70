"""Great Expectations suites and the accounting checks, as Dagster asset checks on a real
generated warehouse, through real in-process Dagster runs.

The session's demo delivery (conftest.py, with files the contract rejects whole), run
through the pipeline once, serves them; tests that break something work on a copy of
its output."""

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from conftest import DEMO_OPTIONS

from assets import checks
from pipelines.cleaning import fields
from pipelines.cleaning.fields import COLUMN_KINDS
from pipelines.definitions import build_definitions
from pipelines.demo import GeneratorOptions, Manifest, generate
from pipelines.paths import Paths
from pipelines.runner import run_pipeline
from pipelines.validation import catalog
from pipelines.validation.docs import site_dir
from pipelines.validation.expected import VALUE_SETS, staging_columns
from pipelines.validation.outcome import expectation_name
from pipelines.validation.run import validate_frame, validate_in_warehouse

ALL_CHECK_NAMES = {v.name for v in catalog.VALIDATIONS} | {
    checks.ROWS_ACCOUNTED_FOR, checks.EVERY_FILE_LOADED, checks.REFERENCE_TABLES_PRESENT,
}
OPTIONS = DEMO_OPTIONS


@pytest.fixture(scope="module")
def delivery(demo_run):
    """The session's demo run (conftest.py): its checks read the warehouse and write Data
    Docs only; tests that break the warehouse break a copy (`broken`)."""
    return demo_run


@pytest.fixture(scope="module")
def clean_checks(delivery) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    """Every check run once on the clean warehouse, no asset materialised."""
    result = run_selection(delivery.paths, dg.AssetSelection.all_asset_checks())
    return evaluations(result)


@pytest.fixture
def broken(delivery, tmp_path) -> Paths:
    """A copy of the clean run's output, to break behind the pipeline's back."""
    shutil.copytree(delivery.paths.output, tmp_path / "output")
    return Paths(input_dir=delivery.paths.input_dir, output_dir=str(tmp_path / "output"))


def definitions(paths: Paths) -> dg.Definitions:
    """The project's definitions with assets/checks.py's checks (added here until the
    code location wires them in itself)."""
    defs = build_definitions(paths)
    wired = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    if checks.ROWS_ACCOUNTED_FOR in wired:
        return defs
    return dg.Definitions.merge(
        defs, dg.Definitions(asset_checks=dg.load_asset_checks_from_modules([checks]))
    )


def run_selection(paths: Paths, selection: dg.AssetSelection) -> dg.ExecuteInProcessResult:
    job = dg.define_asset_job("validation_test", selection=selection)
    defs = dg.Definitions.merge(definitions(paths), dg.Definitions(jobs=[job]))
    return defs.resolve_job_def("validation_test").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def evaluations(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    found = {}
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            found[(evaluation.asset_key.to_user_string(), evaluation.check_name)] = evaluation
    return found


def by_name(found: dict, name: str) -> dg.AssetCheckEvaluation:
    (evaluation,) = [e for (_, check), e in found.items() if check == name]
    return evaluation


def metadata(evaluation: dg.AssetCheckEvaluation) -> dict:
    return {key: value.value for key, value in evaluation.metadata.items()}


def materialised(result: dg.ExecuteInProcessResult) -> set[str]:
    return {
        event.event_specific_data.materialization.asset_key.to_user_string()
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    }


def execute(paths: Paths, statement: str) -> int:
    with duckdb.connect(str(paths.warehouse)) as con:
        (changed,) = con.execute(statement).fetchone()
    assert changed >= 1
    return changed


# --- every suite on a clean warehouse ---------------------------------------------------


def test_every_suite_and_accounting_check_passes_on_a_clean_warehouse(clean_checks):
    assert {name for _, name in clean_checks} == ALL_CHECK_NAMES
    failed = {key for key, e in clean_checks.items() if not e.passed}
    # The delivery holds three files rejected whole: only every_file_loaded may say so.
    assert failed == {("audit/file_ingest", checks.EVERY_FILE_LOADED)}


@pytest.mark.parametrize("validation", catalog.VALIDATIONS, ids=lambda v: v.name)
def test_suite_passes_on_a_clean_warehouse_and_reports_its_expectations(clean_checks, validation):
    if validation.accepted_rows_of == "topnotch_roster":
        pytest.skip("the session's demo has no rosters: tests/test_roster_links.py checks this suite")
    evaluation = clean_checks[("/".join(validation.asset), validation.name)]
    found = metadata(evaluation)
    assert evaluation.passed
    assert evaluation.severity == checks.SEVERITY[validation.severity]
    assert found["expectations_evaluated"] == found["expectations_met"] > 0
    assert found["failed_expectations"] == []
    assert found["rows"] == found["rows_validated_by_great_expectations"] > 0


def test_check_severities_and_blocking(delivery):
    graph = definitions(delivery.paths).resolve_asset_graph()
    specs = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys}
    for validation in catalog.VALIDATIONS:
        assert specs[validation.name].blocking == (validation.severity == "ERROR")
    assert specs[checks.ROWS_ACCOUNTED_FOR].blocking
    assert not specs[checks.EVERY_FILE_LOADED].blocking


def test_data_docs_index_lists_every_suite_after_a_run(delivery, clean_checks):
    index = site_dir(delivery.paths.output) / "index.html"
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    for validation in catalog.VALIDATIONS:
        assert f"validations/{validation.name}/" in html
    # Only the latest validation of a suite is kept.
    cohort_pages = list((site_dir(delivery.paths.output) / "validations" / catalog.COHORT.name).rglob("*.html"))
    assert len(cohort_pages) == 1


# --- a failed blocking check stops what follows -------------------------------------------


@pytest.mark.parametrize(
    ("corruption", "expectation", "example"),
    [
        (
            "UPDATE staging.cohort SET grade = '高三' WHERE (file_path, row_number) = "
            "(SELECT (file_path, row_number) FROM staging.cohort WHERE row_reason IS NULL "
            "ORDER BY ALL LIMIT 1) RETURNING 1",
            "expect_column_values_to_be_in_set(grade)", "高三",
        ),
        (
            "UPDATE staging.cohort SET person_key = NULL WHERE (file_path, row_number) = "
            "(SELECT (file_path, row_number) FROM staging.cohort WHERE row_reason IS NULL "
            "ORDER BY ALL LIMIT 1) RETURNING 1",
            "expect_column_values_to_not_be_null(person_key)", None,
        ),
    ],
    ids=["grade_高三", "person_key_null"],
)
def test_failed_cohort_expectation_blocks_core_persons(broken, corruption, expectation, example):
    execute(broken, corruption)
    selection = dg.AssetSelection.checks(
        dg.AssetCheckKey(dg.AssetKey(["staging", "cohort"]), checks.COHORT_EXPECTATIONS)
    ) | dg.AssetSelection.assets(dg.AssetKey(["core", "persons"])).without_checks()
    result = run_selection(broken, selection)

    evaluation = by_name(evaluations(result), checks.COHORT_EXPECTATIONS)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    failures = {f["expectation"]: f for f in metadata(evaluation)["failed_expectations"]}
    assert list(failures) == [expectation]
    assert failures[expectation]["unexpected_count"] == 1
    if example:
        assert failures[expectation]["examples"] == [example]
    assert expectation in evaluation.description
    assert "core/persons" not in materialised(result)
    assert not result.success


def test_passing_check_lets_core_persons_materialise(broken):
    selection = dg.AssetSelection.checks(
        dg.AssetCheckKey(dg.AssetKey(["staging", "cohort"]), checks.COHORT_EXPECTATIONS)
    ) | dg.AssetSelection.assets(dg.AssetKey(["core", "persons"])).without_checks()
    result = run_selection(broken, selection)
    assert by_name(evaluations(result), checks.COHORT_EXPECTATIONS).passed
    assert "core/persons" in materialised(result)


def test_second_accepted_response_of_a_person_in_a_survey_year_fails(broken):
    # Put a quarantined duplicate_response back among the accepted rows.
    execute(broken, "DELETE FROM quarantine.rejected_rows WHERE reason = 'duplicate_response' RETURNING 1")
    result = run_selection(broken, dg.AssetSelection.checks(dg.AssetCheckKey(
        dg.AssetKey(["quarantine", "rejected_rows"]), checks.ONE_RESPONSE_PER_PERSON_AND_SURVEY_YEAR)))
    evaluation = by_name(evaluations(result), checks.ONE_RESPONSE_PER_PERSON_AND_SURVEY_YEAR)
    assert not evaluation.passed
    failed = [f["expectation"] for f in metadata(evaluation)["failed_expectations"]]
    assert failed == ["expect_compound_columns_to_be_unique(person_key, survey_year)"]


def test_accepted_training_row_of_an_unknown_student_fails(broken):
    execute(broken, "DELETE FROM quarantine.rejected_rows WHERE reason = 'unknown_student' "
                    "AND source = 'training' RETURNING 1")
    result = run_selection(broken, dg.AssetSelection.checks(dg.AssetCheckKey(
        dg.AssetKey(["quarantine", "rejected_rows"]), checks.ACCEPTED_ROWS_BELONG_TO_PERSONS)))
    evaluation = by_name(evaluations(result), checks.ACCEPTED_ROWS_BELONG_TO_PERSONS)
    assert not evaluation.passed
    failed = [f["expectation"] for f in metadata(evaluation)["failed_expectations"]]
    assert "expect_column_values_to_be_null(person_key_not_in_core_persons)" in failed


# --- accounting ---------------------------------------------------------------------------


def test_rows_accounted_for_passes_on_a_clean_run_per_year(clean_checks, delivery):
    evaluation = by_name(clean_checks, checks.ROWS_ACCOUNTED_FOR)
    found = metadata(evaluation)
    assert evaluation.passed
    assert found["failing_years"] == []
    years = [str(y) for y in OPTIONS.year_list]
    assert list(found["per_year"]) == [checks.REFERENCE_YEAR, *years]
    read = {
        str(year): sum(f.data_rows for f in delivery.manifest.files if f.year == year)
        for year in OPTIONS.year_list
    }
    assert {y: found["per_year"][y]["rows_read"] for y in years} == read
    for counts in found["per_year"].values():
        assert counts["rows_read"] == counts["raw_rows"] == counts["rows_loaded"] + counts["rows_rejected"]


def test_rows_accounted_for_fails_when_a_raw_row_is_deleted_behind_the_pipelines_back(broken):
    with duckdb.connect(str(broken.warehouse)) as con:
        year, file_path = con.execute(
            "SELECT year, file_path FROM raw.training ORDER BY ALL LIMIT 1"
        ).fetchone()
        con.execute(
            "DELETE FROM raw.training WHERE (file_path, row_number) = "
            "(SELECT (file_path, min(row_number)) FROM raw.training WHERE file_path = ? GROUP BY file_path)",
            [file_path],
        )
    result = run_selection(broken, dg.AssetSelection.checks(
        dg.AssetCheckKey(dg.AssetKey(["audit", "file_ingest"]), checks.ROWS_ACCOUNTED_FOR)))
    evaluation = by_name(evaluations(result), checks.ROWS_ACCOUNTED_FOR)
    found = metadata(evaluation)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert found["failing_years"] == [str(year)]
    (failing,) = found["failing_files"]
    assert failing["file_path"] == file_path
    assert failing["raw_rows"] == failing["rows_read"] - 1
    assert found["per_year"][str(year)]["files_not_accounted_for"] == 1


def test_every_file_loaded_names_each_file_rejected_whole(clean_checks, delivery):
    evaluation = by_name(clean_checks, checks.EVERY_FILE_LOADED)
    found = metadata(evaluation)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    expected = {}
    for rejected in delivery.manifest.rejected_files:
        expected.setdefault(str(rejected.year), []).append(f"{rejected.path} ({rejected.reason})")
    assert found["rejected_files_by_year"] == {y: sorted(f) for y, f in expected.items()}
    assert found["files_rejected"] == 3
    for rejected in delivery.manifest.rejected_files:
        assert rejected.path in evaluation.description


def test_every_file_loaded_passes_when_no_file_is_rejected(broken):
    execute(broken, "DELETE FROM audit.file_ingest WHERE status = 'rejected' RETURNING 1")
    result = run_selection(broken, dg.AssetSelection.checks(
        dg.AssetCheckKey(dg.AssetKey(["audit", "file_ingest"]), checks.EVERY_FILE_LOADED)))
    assert by_name(evaluations(result), checks.EVERY_FILE_LOADED).passed


def test_reference_tables_present_fails_for_an_empty_reference_table(broken, clean_checks):
    assert all(e.passed for (_, name), e in clean_checks.items() if name == checks.REFERENCE_TABLES_PRESENT)
    execute(broken, "DELETE FROM raw.mentors RETURNING 1")
    result = run_selection(broken, dg.AssetSelection.checks(
        *(dg.AssetCheckKey(dg.AssetKey(["raw", t]), checks.REFERENCE_TABLES_PRESENT)
          for t in ("universities", "mentors", "topnotch_bases"))))
    found = evaluations(result)
    assert {key: e.passed for key, e in found.items()} == {
        ("raw/universities", checks.REFERENCE_TABLES_PRESENT): True,
        ("raw/mentors", checks.REFERENCE_TABLES_PRESENT): False,
        ("raw/topnotch_bases", checks.REFERENCE_TABLES_PRESENT): True,
    }


# --- restricted data stays out of metadata, logs and Data Docs ----------------------------


def test_no_national_id_or_name_in_check_metadata_logs_or_data_docs(broken, clean_checks):
    with duckdb.connect(str(broken.warehouse)) as con:
        secrets = {v for row in con.execute("SELECT national_id, name FROM restricted.identities").fetchall()
                   for v in row if v and len(v) >= 2}
        # One person_key given two people's ID: uniqueness fails on national IDs.
        con.execute(
            "UPDATE restricted.identities SET national_id = "
            "(SELECT national_id FROM restricted.identities ORDER BY person_key LIMIT 1) "
            "WHERE person_key = (SELECT person_key FROM restricted.identities ORDER BY person_key LIMIT 1 OFFSET 1)"
        )
        con.execute("UPDATE restricted.identities SET name = NULL WHERE person_key = "
                    "(SELECT max(person_key) FROM restricted.identities)")
    result = run_selection(broken, dg.AssetSelection.all_asset_checks())
    evaluation = by_name(evaluations(result), checks.IDENTITIES_EXPECTATIONS)
    failed = {f["expectation"]: f for f in metadata(evaluation)["failed_expectations"]}
    assert set(failed) == {
        "expect_column_values_to_be_unique(national_id)",
        "expect_column_values_to_not_be_null(name)",
    }
    assert failed["expect_column_values_to_be_unique(national_id)"]["unexpected_count"] == 2
    assert all(f["examples"] == [] for f in failed.values())

    said = [json.dumps(metadata(e), ensure_ascii=False, default=str) + (e.description or "")
            for e in [*clean_checks.values(), *evaluations(result).values()]]
    said += [event.message or "" for event in result.all_events]
    docs = site_dir(broken.output)
    said += [p.read_text(encoding="utf-8") for p in docs.rglob("*") if p.suffix in (".html", ".json")]
    leaked = {s for s in secrets if any(s in text for text in said)}
    assert leaked == set()


# --- large frames: a seeded sample for GX, exact counts in SQL ----------------------------


def test_large_frame_counts_every_row_exactly_though_gx_sees_a_sample(broken):
    execute(broken, "UPDATE staging.training SET hours = 30 WHERE row_reason IS NULL AND "
                    "row_number IN (SELECT min(row_number) FROM staging.training GROUP BY file_path) RETURNING 1")
    with duckdb.connect(str(broken.warehouse), read_only=True) as con:
        (broken_rows,) = con.execute("SELECT count(*) FROM staging.training WHERE hours = 30 AND row_reason IS NULL").fetchone()
        whole = validate_in_warehouse(con, catalog.TRAINING, full_max_rows=10**9)
        sampled = validate_in_warehouse(con, catalog.TRAINING, full_max_rows=1_000, sample_rows=500)
    assert not whole.sampled and sampled.sampled
    assert sampled.rows_validated == 500 and sampled.rows == whole.rows
    assert whole.failed_expectations == sampled.failed_expectations == [
        "expect_column_values_to_be_between(hours)"
    ]
    assert whole.failures[0].unexpected_count == sampled.failures[0].unexpected_count == broken_rows
    assert sampled.failures[0].examples == ("30.0",)
    # Every row rule was counted in SQL; only the schema stayed with the sample.
    assert len(sampled.exact_in_sql) == sampled.evaluated - 1 - len(staging_columns("training"))


@pytest.mark.parametrize("validation", catalog.VALIDATIONS, ids=lambda v: v.name)
def test_sampled_and_whole_validation_agree_on_a_clean_warehouse(delivery, validation):
    with duckdb.connect(str(delivery.paths.warehouse), read_only=True) as con:
        sampled = validate_in_warehouse(con, validation, full_max_rows=10, sample_rows=10)
    assert sampled.passed, sampled.summary()


# --- the runner on a frame, and the facts the suites use ----------------------------------


def test_validate_frame_takes_a_polars_frame_and_names_the_failed_expectation():
    import great_expectations as gx

    suite = gx.ExpectationSuite(
        name="grades",
        expectations=[gx.expectations.ExpectColumnValuesToBeInSet(column="grade", value_set=list(VALUE_SETS["grade"]))],
    )
    result, outcome = validate_frame(pl.DataFrame({"grade": ["高一", "高二", "高三", "高三"]}), suite)
    assert not result.success and not outcome.passed
    assert outcome.failures[0].expectation == "expect_column_values_to_be_in_set(grade)"
    assert outcome.failures[0].unexpected_count == 2
    assert outcome.failures[0].examples == ("高三",)


def test_every_coded_contract_column_has_a_value_set():
    coded = {
        name for name, kind in COLUMN_KINDS.items()
        if (isinstance(kind.parse, functools.partial) and kind.dtype == pl.String())
        or kind in (fields.GRADE, fields.PROVINCE)
    }
    assert coded == set(VALUE_SETS)


def test_expectation_names_say_type_and_columns():
    assert expectation_name("expect_column_values_to_be_in_set", {"column": "grade"}) == (
        "expect_column_values_to_be_in_set(grade)"
    )
    assert expectation_name("expect_compound_columns_to_be_unique",
                            {"column_list": ["person_key", "survey_year"]}) == (
        "expect_compound_columns_to_be_unique(person_key, survey_year)"
    )
    assert expectation_name("expect_table_columns_to_match_set", {"column_set": ["a"]}) == (
        "expect_table_columns_to_match_set"
    )


def test_loading_the_checks_does_not_import_great_expectations():
    code = "import sys, assets.checks; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_suites_validated_in_one_process_share_one_data_docs_builder(tmp_path):
    # GX compiles its page templates per builder: one builder per site and process.
    from pipelines.validation.docs import _site_builder, data_context

    site = tmp_path / "validation"
    assert data_context(site) is data_context(tmp_path / "." / "validation")
    builds = _site_builder.cache_info().misses
    import great_expectations as gx

    for name in ("first_suite", "second_suite"):
        suite = gx.ExpectationSuite(
            name=name, expectations=[gx.expectations.ExpectColumnValuesToNotBeNull(column="x")]
        )
        _, outcome = validate_frame(pl.DataFrame({"x": [1, 2]}), suite, site_dir=site)
        assert outcome.passed and outcome.rows == 2
    assert _site_builder.cache_info().misses == builds + 1
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "first_suite" in index and "second_suite" in index
