"""The source registry (pipelines/registry/sources.py): every per-source asset, union,
suite and listing is derived from it, so a source declared there appears everywhere and
a source not declared appears nowhere; and the quarantine reads staging, never core."""

import dataclasses
import re
from pathlib import Path

import duckdb
import pytest

from assets import audit, quarantine
from assets.raw import raw_specs
from assets.staging import staging_specs
from dashboards import labels
from pipelines.contract.columns import SOURCE_COLUMNS
from pipelines.contract.sources import REFERENCE_FILES, YEARLY_SOURCES
from pipelines.definitions import ALL_ASSETS
from pipelines.registry import sources as registry
from pipelines.registry.sources import DELIVERY_SOURCES, Column, DeliverySource
from pipelines.staging.unions import create_quarantine_views
from pipelines.validation import catalog
from pipelines.validation.run import frame_query
from pipelines.validation.suites import build_suite
from pipelines.warehouse import run_sql

ROOT = Path(__file__).resolve().parents[1]
NAMES = [s.name for s in DELIVERY_SOURCES]
REFERENCE_NAMES = [r.name for r in registry.REFERENCE_FILES]

# A source that does not exist: declared only here, checked against cohort membership.
INTERNSHIPS = DeliverySource(
    name="internships",
    keywords=("internships", "实习"),
    label_zh="实习", label_en="Internships",
    columns=(registry.NATIONAL_ID, Column("host", "实习单位", required=True)),
    raw_description="实习 rows as delivered.",
    staging_description="实习 typed.",
    validation_description="Accepted 实习 rows.",
    checked_against_cohort=True,
)
WITH_INTERNSHIPS = (*DELIVERY_SOURCES, INTERNSHIPS)


def keys(specs) -> set[str]:
    return {spec.key.to_user_string() for spec in specs}


def deps_of(asset) -> set[str]:
    ((_, deps),) = asset.asset_deps.items()
    return {d.to_user_string() for d in deps}


def test_the_contract_views_list_exactly_the_registered_sources():
    assert list(YEARLY_SOURCES) == NAMES == list(SOURCE_COLUMNS)
    assert list(REFERENCE_FILES) == REFERENCE_NAMES
    assert NAMES[0] == registry.COHORT.name  # the others are checked against it


def test_every_per_source_asset_and_dependency_covers_exactly_the_registered_sources():
    staged = {f"staging/{n}" for n in NAMES}
    assert keys(raw_specs(DELIVERY_SOURCES)) == {f"raw/{n}" for n in NAMES}
    assert keys(raw_specs(registry.REFERENCE_FILES)) == {f"raw/{n}" for n in REFERENCE_NAMES}
    assert keys(staging_specs(DELIVERY_SOURCES)) == staged
    assert deps_of(quarantine.rejected_rows) == staged | {f"raw/{n}" for n in NAMES}
    assert staged <= deps_of(audit.file_ingest)
    assert {f"raw/{n}" for n in [*NAMES, *REFERENCE_NAMES]} <= deps_of(audit.file_ingest)
    assert {f"staging/{n}" for n in REFERENCE_NAMES} <= {
        k.to_user_string() for a in ALL_ASSETS for k in a.keys
    }


def test_every_suite_and_listing_covers_exactly_the_registered_sources():
    assert [v.accepted_rows_of for v in catalog.STAGING_VALIDATIONS] == NAMES
    assert {v.name for v in catalog.VALIDATIONS} >= {f"{n}_expectations" for n in NAMES}
    assert set(labels.SOURCES) == {*NAMES, *REFERENCE_NAMES, "(unknown)"}
    assert labels.SOURCES[registry.FOLLOWUP.name].en == "Follow-up"
    frames = [build_suite(v).meta["frame"] for v in catalog.STAGING_VALIDATIONS]
    assert frames == [f"staging.{n} WHERE row_reason IS NULL" for n in NAMES]


def test_a_declared_source_gets_its_assets_suite_and_label():
    assert keys(raw_specs(WITH_INTERNSHIPS)) == {f"raw/{n}" for n in [*NAMES, "internships"]}
    (spec,) = [s for s in staging_specs(WITH_INTERNSHIPS) if s.key.path == ["staging", "internships"]]
    assert {d.asset_key.to_user_string() for d in spec.deps} == {"raw/internships", "raw/universities"}
    validation = catalog.staging_validation(INTERNSHIPS)
    assert validation.name == "internships_expectations"
    assert validation.asset == ("staging", "internships")
    assert frame_query(validation) == "SELECT * FROM staging.internships WHERE row_reason IS NULL"


def _tables_for(con, sources) -> None:
    """Minimal raw and staging tables of every source in `sources` (all empty)."""
    for schema in ("raw", "staging", "quarantine"):
        con.execute(f"CREATE SCHEMA {schema}")
    for source in sources:
        extra = "".join(f", {c} INTEGER" for c in source.cross_year_columns)
        con.execute(
            f"CREATE TABLE staging.{source.name} (year INTEGER, file_path VARCHAR, row_number BIGINT, "
            f"person_key VARCHAR, row_reason VARCHAR, row_reason_column VARCHAR{extra})"
        )
    for name in [*(s.name for s in sources), *REFERENCE_NAMES]:
        con.execute(
            f"CREATE TABLE raw.{name} (year INTEGER, file_path VARCHAR, row_number BIGINT, "
            "sheet VARCHAR, file_sha256 VARCHAR, ingested_at TIMESTAMP, value VARCHAR)"
        )


def _within_year_lists(con, sources) -> None:
    """The staging columns the rows above leave NULL: every within-year rule of a row and
    the row a duplicate repeats (added after the rows, which give only the first six)."""
    for source in sources:
        con.execute(f"ALTER TABLE staging.{source.name} ADD COLUMN row_reasons "
                    "STRUCT(reason VARCHAR, column_name VARCHAR)[]")
        con.execute(f"ALTER TABLE staging.{source.name} ADD COLUMN duplicate_of_file_path VARCHAR")
        con.execute(f"ALTER TABLE staging.{source.name} ADD COLUMN duplicate_of_row_number BIGINT")


def test_a_declared_source_flows_through_the_quarantine_sql():
    """With `internships` declared, rejected_rows.sql (unchanged) rejects an internship
    row of a person without an accepted cohort row as unknown_student, keeps one of a
    person with a cohort row of an earlier year, and carries its delivered values."""
    con = duckdb.connect()
    _tables_for(con, WITH_INTERNSHIPS)
    con.execute("INSERT INTO staging.cohort VALUES (2020, '2020/c.csv', 2, 'p1', NULL, NULL), "
                "(2021, '2021/c.csv', 2, 'p2', 'missing_value', 'school')")
    con.execute("INSERT INTO staging.internships VALUES (2021, '2021/i.csv', 2, 'p1', NULL, NULL), "
                "(2021, '2021/i.csv', 3, 'p2', NULL, NULL)")
    con.execute("INSERT INTO raw.internships VALUES (2021, '2021/i.csv', 3, 's', 'h', now(), '北京')")
    con.execute("INSERT INTO raw.cohort VALUES (2021, '2021/c.csv', 2, 's', 'h', now(), 'x')")
    _within_year_lists(con, WITH_INTERNSHIPS)
    create_quarantine_views(con, WITH_INTERNSHIPS)
    run_sql(con, "quarantine/rejected_rows")
    rows = con.execute(
        "SELECT source, file_path, row_number, reason, column_name, raw_values->>'value' "
        "FROM quarantine.rejected_rows ORDER BY source"
    ).fetchall()
    assert rows == [
        ("cohort", "2021/c.csv", 2, "missing_value", "school", "x"),
        ("internships", "2021/i.csv", 3, "unknown_student", "national_id", "北京"),
    ]
    views = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE temporary AND NOT internal").fetchall())
    read = {view: sorted(re.findall(r"FROM (raw|staging)\.(\w+)", text)) for view, text in views.items()}
    assert read == {
        "staged_rows": sorted(("staging", n) for n in [*NAMES, "internships"]),
        "raw_file_rows": sorted(("raw", n) for n in [*NAMES, "internships", *REFERENCE_NAMES]),
        "delivered_values_of_rejected": sorted(("raw", n) for n in [*NAMES, "internships"]),
    }


def test_unknown_student_is_decided_from_the_accepted_cohort_rows_of_staging():
    """A person's cohort year is the earliest year of their accepted cohort rows: a
    training row before it is unknown_student, one in it is kept; a rejected cohort row
    makes no one a student; a topnotch_year before the cohort year is out_of_range."""
    con = duckdb.connect()
    _tables_for(con, DELIVERY_SOURCES)
    con.execute("INSERT INTO staging.cohort VALUES (2021, 'c', 2, 'p1', NULL, NULL), "
                "(2019, 'c0', 2, 'p1', 'out_of_range', 'cohort_year'), (2023, 'c', 3, 'p1', NULL, NULL)")
    con.execute("INSERT INTO staging.training VALUES (2020, 't', 2, 'p1', NULL, NULL), "
                "(2021, 't', 3, 'p1', NULL, NULL)")
    con.execute("INSERT INTO staging.followup VALUES (2024, 'f', 2, 'p1', NULL, NULL, 2024, 2020), "
                "(2024, 'f', 3, 'p1', NULL, NULL, 2024, 2022)")
    _within_year_lists(con, DELIVERY_SOURCES)
    create_quarantine_views(con)
    run_sql(con, "quarantine/rejected_rows")
    rows = con.execute(
        "SELECT source, file_path, row_number, reason, column_name FROM quarantine.rejected_rows ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("cohort", "c0", 2, "out_of_range", "cohort_year"),
        ("followup", "f", 2, "out_of_range", "topnotch_year"),
        ("training", "t", 2, "unknown_student", "national_id"),
    ]


def test_the_quarantine_reads_no_core_table():
    """staging → quarantine → core: nothing upstream of quarantine.rejected_rows is core."""
    deps = {k.to_user_string(): {d.to_user_string() for d in ds}
            for a in ALL_ASSETS for k, ds in a.asset_deps.items()}
    upstream, todo = set(), ["quarantine/rejected_rows"]
    while todo:
        for dep in deps.get(todo.pop(), ()):
            if dep not in upstream:
                upstream.add(dep)
                todo.append(dep)
    assert upstream and not {k for k in upstream if k.startswith("core/")}
    assert "core." not in (ROOT / "sql/quarantine/rejected_rows.sql").read_text(encoding="utf-8")


# Modules of other parts of issue 11's rework that still name sources; derived there next.
NOT_YET_DERIVED = {
    "assets/core.py",  # core models' deps: one per source's core SQL
    "assets/restricted.py",  # identities read cohort and applicants
    "dashboards/overview.py",  # a page anchor "followup", not a source
    # the metric `applicants` (metrics.md, "Selection (applicants)"), not the source
    "dashboards/public.py", "dashboards/reports/scorecard.py", "dashboards/reports/units/figures.py",
}


@pytest.mark.parametrize("name", NAMES)
def test_no_module_outside_the_registry_spells_a_source_name(name):
    literal = re.compile(rf"""["']{name}["']""")
    spelled = sorted(
        str(path.relative_to(ROOT))
        for folder in ("pipelines", "assets", "dashboards")
        for path in (ROOT / folder).rglob("*.py")
        if "registry" not in path.relative_to(ROOT).parts
        and literal.search(path.read_text(encoding="utf-8"))
    )
    assert set(spelled) <= NOT_YET_DERIVED, spelled


def test_a_declaration_is_plain_data():
    assert dataclasses.is_dataclass(INTERNSHIPS) and INTERNSHIPS.__dataclass_params__.frozen
    source = (ROOT / "pipelines/registry/sources.py").read_text(encoding="utf-8")
    assert "import dagster" not in source and "from pipelines" not in source
