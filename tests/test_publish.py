"""The published analyst database <output>/analytics.duckdb after a real run: nothing
restricted in it, every table and column described, small cells suppressed in `public`,
the example queries answer, and it is replaced whole under a reader's feet."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import DEMO_OPTIONS

from pipelines.publish.database import ANALYTICS_FILE, TEMPORARY_PREFIX, publish
from pipelines.publish.dictionary import DICTIONARY, REGENERATE, dictionary
from pipelines.publish.privacy import CODES, PrivacyError
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "sql" / "examples").glob("*.sql"))
PUBLISHED_SCHEMAS = {"staging", "core", "marts", "audit"}
# Columns that hold hex digests, where 17 digits in a row happen by chance.
HASH_COLUMNS = ("person_key", "sha256")


@pytest.fixture(scope="module")
def analytics(demo_run) -> Path:
    path = demo_run.paths.output / ANALYTICS_FILE
    assert path.exists(), "the run published no analytics.duckdb"
    return path


def rows(path: Path, sql: str, parameters=None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, parameters).fetchall() if parameters else con.execute(sql).fetchall()


def tables(path: Path) -> set[str]:
    return {f"{s}.{t}" for s, t in rows(path, "SELECT schema_name, table_name FROM duckdb_tables()")}


# --- what is in it --------------------------------------------------------------------

def test_it_has_no_raw_quarantine_or_restricted_schema(analytics):
    schemas = {s for (s,) in rows(analytics, "SELECT DISTINCT schema_name FROM duckdb_tables()")}
    assert schemas == PUBLISHED_SCHEMAS | {"public"}
    assert not {s for (s,) in rows(analytics, "SELECT schema_name FROM duckdb_schemas()")} & {
        "raw", "quarantine", "restricted"}


def test_it_holds_every_staging_core_marts_and_audit_table_of_the_warehouse(demo_run, analytics):
    warehouse = {t for t in tables(demo_run.paths.warehouse) if t.split(".")[0] in PUBLISHED_SCHEMAS}
    assert {t for t in tables(analytics) if not t.startswith("public.")} == warehouse
    for table in ("core.persons", "staging.training", "audit.file_ingest"):
        sql = f"SELECT count(*) FROM {table}"
        assert rows(analytics, sql) == rows(demo_run.paths.warehouse, sql)


def test_it_has_the_public_tables(analytics):
    assert {"public.metric_values", "public.cohort_summary", "public.province_year_summary",
            "public.publication"} <= tables(analytics)
    (k,) = rows(analytics, "SELECT small_cell_k FROM public.publication")[0]
    assert k == 5


def _secrets(warehouse: Path) -> set[str]:
    """National IDs and names as the warehouse holds them, and the quarantined values."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = {
            v for (national_id, name) in con.execute("SELECT national_id, name FROM restricted.identities").fetchall()
            for v in (national_id, name) if v
        }
        for source in ("cohort", "applicants", "training", "assessment", "followup"):
            found |= {v for (v,) in con.execute(f"SELECT DISTINCT national_id FROM raw.{source}").fetchall() if v}
        for source in ("cohort", "applicants", "followup", "mentors"):
            found |= {v for (v,) in con.execute(f"SELECT DISTINCT name FROM raw.{source}").fetchall() if v}
        found |= {v for (v,) in con.execute("SELECT DISTINCT CAST(raw_values AS VARCHAR) FROM quarantine.rejected_rows").fetchall()}
    # A name that is also a code (a student called 高一) appears as the code.
    return {v.strip() for v in found if len(v.strip()) >= 2} - set(CODES)


def test_no_national_id_name_or_delivered_row_anywhere_in_it(demo_run, analytics):
    secrets = _secrets(demo_run.paths.warehouse)
    assert len(secrets) > 500
    leaks = []
    with duckdb.connect(str(analytics), read_only=True) as con:
        columns = con.execute(
            "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
            "WHERE NOT internal AND data_type IN ('VARCHAR', 'JSON', 'VARCHAR[]')"
        ).fetchall()
        assert {schema for schema, _, _ in columns} == PUBLISHED_SCHEMAS | {"public"}
        for schema, table, column in columns:
            text = f'CAST("{column}" AS VARCHAR)'
            values = {v for (v,) in con.execute(f'SELECT DISTINCT {text} FROM "{schema}"."{table}"').fetchall() if v}
            leaks += [(schema, table, column) for v in values if v.strip() in secrets]
            if column not in HASH_COLUMNS:
                (shaped,) = con.execute(
                    f"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE regexp_matches({text}, '\\d{{17}}[0-9Xx]')"
                ).fetchone()
                leaks += [(schema, table, column, "ID-shaped")] * bool(shaped)
    assert leaks == []


def test_no_rejected_value_is_in_its_column(demo_run, analytics):
    """A value rejected as invalid (a 天文 discipline, 半天 hours) stays in the quarantine."""
    rejected = rows(
        demo_run.paths.warehouse,
        "SELECT DISTINCT column_name, raw_values ->> column_name FROM quarantine.rejected_rows "
        "WHERE reason = 'invalid_value' AND (raw_values ->> column_name) IS NOT NULL",
    )
    assert len(rejected) > 10
    with duckdb.connect(str(analytics), read_only=True) as con:
        columns = con.execute(
            "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE NOT internal AND data_type = 'VARCHAR'"
        ).fetchall()
        found = []
        for column, value in rejected:
            for schema, table, _ in [c for c in columns if c[2] == column]:
                (n,) = con.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}" = ?', [value]
                ).fetchone()
                found += [(schema, table, column, value)] * bool(n)
    assert found == []


def test_a_scan_that_finds_an_id_publishes_nothing(demo_run, analytics, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    shutil.copy(analytics, output / ANALYTICS_FILE)
    before = (output / ANALYTICS_FILE).read_bytes()
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_run.paths.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        (national_id,) = con.execute("SELECT national_id FROM restricted.identities LIMIT 1").fetchone()
        con.execute("UPDATE core.persons SET school = ? WHERE rowid = 0", [national_id])
    with pytest.raises(PrivacyError, match="core.persons.school") as raised:
        publish(warehouse, output, 5, "test")
    assert national_id not in str(raised.value)
    assert (output / ANALYTICS_FILE).read_bytes() == before
    assert [p.name for p in output.iterdir()] == [ANALYTICS_FILE]


def test_the_scan_counts_every_row_holding_an_identifier(tmp_path):
    """Exact row counts per column and problem, whatever the form: an identifier with
    spaces around it, repeated, inside a list, an ID-shaped text inside a sentence, an
    18-digit integer, a hash column holding something else."""
    from pipelines.publish.privacy import Finding, collect_secrets, scan

    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA restricted; CREATE SCHEMA raw")
        con.execute("CREATE TABLE restricted.identities AS "
                    "SELECT 'k' AS person_key, '11010520040101123X' AS national_id, '张小明' AS name")
        con.execute("CREATE TABLE raw.training AS SELECT '440106200402021234' AS national_id")  # only raw has it
        con.execute("CREATE TABLE raw.mentors AS SELECT '王老师' AS name")
    key = "ab" * 32
    con = duckdb.connect(str(tmp_path / "analytics.duckdb"))
    con.execute(f"ATTACH '{warehouse}' AS warehouse (READ_ONLY)")
    assert collect_secrets(con, "warehouse") == 4
    con.execute("CREATE SCHEMA core")
    con.execute("CREATE TABLE core.t (person_key VARCHAR, school VARCHAR, note VARCHAR, big BIGINT, aliases VARCHAR[])")
    con.executemany("INSERT INTO core.t VALUES (?, ?, ?, ?, ?)", [
        [key, " 张小明 ", None, 1, ["中大"]],
        [key, " 张小明 ", "x", 1, [" 王老师", "北大"]],
        ["not-a-key", "高一", "440106200402021234", 10**17, None],
        [key, "北京", "编号 99999999999999999X 附", -(10**17), None],
        [None, None, None, None, None],
    ])
    con.execute("CREATE TABLE core.u AS SELECT '王老师' AS mentor_name FROM range(3)")
    con.execute("CREATE TABLE core.empty (note VARCHAR)")
    assert scan(con, ("core",)) == [
        Finding("core.t", "person_key", "a hash column holding something else", 1),
        Finding("core.t", "school", "national IDs or names of persons", 2),
        Finding("core.t", "note", "ID-shaped values", 2),
        Finding("core.t", "note", "national IDs or names of persons", 1),
        Finding("core.t", "big", "ID-shaped values", 2),
        Finding("core.t", "aliases", "national IDs or names of persons", 1),
        Finding("core.u", "mentor_name", "national IDs or names of persons", 3),
    ]
    con.close()


# --- descriptions -----------------------------------------------------------------------

def test_every_table_and_column_has_a_comment(analytics):
    tables_without = rows(analytics, "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                                     "WHERE coalesce(trim(comment), '') = ''")
    columns_without = rows(analytics, "SELECT schema_name || '.' || table_name || '.' || column_name "
                                      "FROM duckdb_columns() WHERE NOT internal AND coalesce(trim(comment), '') = ''")
    assert tables_without == []
    assert columns_without == []


def test_table_comments_are_the_asset_descriptions(analytics):
    from pipelines.definitions import defs

    description = defs.resolve_asset_graph().get(dg.AssetKey(["core", "persons"])).description
    assert rows(analytics, "SELECT comment FROM duckdb_tables() WHERE schema_name = 'core' "
                           "AND table_name = 'persons'") == [(" ".join(description.split()),)]


def test_the_committed_data_dictionary_is_what_the_generator_writes(analytics):
    assert DICTIONARY.read_text(encoding="utf-8") == dictionary(analytics), (
        f"docs/data-dictionary.md is out of date: regenerate it with {REGENERATE}"
    )


# --- public: suppressed ----------------------------------------------------------------

def test_public_shows_no_count_from_1_to_4(analytics):
    shown = rows(
        analytics,
        "SELECT metric, group_type, group_value, cohort_year, horizon FROM public.metric_values "
        "WHERE numerator BETWEEN 1 AND 4 OR denominator BETWEEN 1 AND 4 "
        "OR (metric = 'cohort_size' AND value BETWEEN 1 AND 4)",
    )
    assert shown == []
    (small,) = rows(analytics, "SELECT count(*) FROM public.metric_values WHERE value_display = '<5'")[0]
    assert small > 0


def test_public_shows_no_rate_over_fewer_than_5_persons(analytics):
    hidden = rows(
        analytics,
        "SELECT count(*) FROM marts.metric_values AS m JOIN public.metric_values AS p "
        "USING (metric, group_type, group_value, cohorts_pooled) "
        "WHERE m.cohort_year IS NOT DISTINCT FROM p.cohort_year AND m.horizon IS NOT DISTINCT FROM p.horizon "
        "AND m.denominator BETWEEN 1 AND 4 AND p.value IS NOT NULL",
    )
    assert hidden == [(0,)]


def test_public_summaries_show_only_what_public_metric_values_shows(analytics):
    mismatched = rows(
        analytics,
        "SELECT s.cohort_year FROM public.cohort_summary AS s JOIN public.metric_values AS m "
        "ON m.metric = 'cohort_size' AND m.group_type = 'national' AND m.cohort_year = s.cohort_year "
        "WHERE s.students IS DISTINCT FROM CAST(m.value AS BIGINT)",
    )
    assert mismatched == []
    (hidden,) = rows(analytics, "SELECT count(*) FROM public.province_year_summary "
                                "WHERE students_display = '<5' AND students IS NULL")[0]
    assert hidden > 0


def test_no_hidden_count_of_public_metric_values_follows_from_a_total(analytics):
    """Within each metric, count field and horizon: a group type's cells of a cohort year
    add up to the national row, a group's cohort years to its pooled row. No such line
    has exactly one hidden member."""
    recoverable = rows(analytics, """
        WITH cells AS (
            SELECT m.metric, m.group_type, m.group_value, m.cohort_year, m.horizon, m.cohorts_pooled, f.field,
                   f.shown IS NULL AS hidden
            FROM marts.metric_values AS m
            JOIN public.metric_values AS p
              ON p.metric = m.metric AND p.group_type = m.group_type AND p.group_value = m.group_value
             AND p.cohort_year IS NOT DISTINCT FROM m.cohort_year AND p.horizon IS NOT DISTINCT FROM m.horizon
             AND p.cohorts_pooled IS NOT DISTINCT FROM m.cohorts_pooled
            CROSS JOIN LATERAL (VALUES
                ('numerator', m.numerator, p.numerator),
                ('denominator', m.denominator, p.denominator),
                ('value', CASE WHEN m.metric = 'cohort_size' THEN m.value END,
                          CASE WHEN m.metric = 'cohort_size' THEN p.value END)
            ) AS f(field, true_count, shown)
            WHERE f.true_count IS NOT NULL
        ),
        column_lines AS (
            SELECT c.metric, c.field, c.horizon, c.cohort_year, c.cohorts_pooled, c.group_type,
                   count(*) FILTER (c.hidden) + max(CAST(t.hidden AS INTEGER)) AS hidden_members
            FROM cells AS c
            JOIN cells AS t ON t.group_type = 'national' AND t.metric = c.metric AND t.field = c.field
             AND t.horizon IS NOT DISTINCT FROM c.horizon AND t.cohort_year IS NOT DISTINCT FROM c.cohort_year
             AND t.cohorts_pooled IS NOT DISTINCT FROM c.cohorts_pooled
            WHERE c.group_type <> 'national'
            GROUP BY ALL
        ),
        row_lines AS (
            SELECT c.metric, c.field, c.horizon, c.group_type, c.group_value,
                   count(*) FILTER (c.hidden) + max(CAST(t.hidden AS INTEGER)) AS hidden_members
            FROM cells AS c
            JOIN cells AS t ON t.cohort_year IS NULL AND t.metric = c.metric AND t.field = c.field
             AND t.horizon IS NOT DISTINCT FROM c.horizon AND t.group_type = c.group_type
             AND t.group_value = c.group_value
            WHERE c.cohort_year IS NOT NULL AND c.cohorts_pooled = 1
            GROUP BY ALL
        )
        SELECT 'column', metric, field, horizon, group_type FROM column_lines WHERE hidden_members = 1
        UNION ALL
        SELECT 'row', metric, field, horizon, group_value FROM row_lines WHERE hidden_members = 1
    """)
    assert recoverable == []


# --- example queries ------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_query_runs_and_returns_rows(analytics, example):
    with duckdb.connect(str(analytics), read_only=True) as con:
        result = con.execute(example.read_text(encoding="utf-8")).fetchall()
    assert len(result) > 0


def test_there_are_the_four_example_queries_the_readme_shows():
    assert {e.stem for e in EXAMPLES} >= {
        "topnotch_progression_by_province", "followup_coverage_by_cohort_and_survey_year",
        "completion_by_discipline", "file_accounting",
    }


# --- replaced whole -------------------------------------------------------------------

STATE = textwrap.dedent("""
    import select, sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def state():
        return con.execute(
            "SELECT (SELECT run_id FROM public.publication), (SELECT count(*) FROM core.persons), "
            "(SELECT count(*) FROM staging.training), (SELECT sum(rows_read) FROM audit.file_ingest)"
        ).fetchone()
    print(repr(state()), flush=True)
""")
# Keeps one connection open and reads until told to stop: the states it saw, how often.
READER = STATE + textwrap.dedent("""
    seen, reads = set(), 0
    while not select.select([sys.stdin], [], [], 0.02)[0]:
        seen.add(state())
        reads += 1
    print(repr((sorted(seen), reads)), flush=True)
""")


def _state(path: Path) -> tuple:
    """What a new connection from another process reads."""
    result = subprocess.run([sys.executable, "-c", STATE, str(path)], capture_output=True, text=True, check=True)
    return eval(result.stdout)


def test_a_reader_keeps_its_file_during_a_run_and_a_new_reader_sees_the_new_one(demo_run, tmp_path):
    # A copy of the session's demo run, input and output: the first publication.
    shutil.copytree(demo_run.paths.input, tmp_path / "input")
    shutil.copytree(demo_run.paths.output, tmp_path / "output")
    paths = Paths(input_dir=str(tmp_path / "input"), output_dir=str(tmp_path / "output"))
    analytics = paths.output / ANALYTICS_FILE

    reader = subprocess.Popen([sys.executable, "-c", READER, str(analytics)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        before = eval(reader.stdout.readline())
        shutil.rmtree(tmp_path / "input" / str(DEMO_OPTIONS.years[1]))  # the next publication holds fewer rows
        outcome = run_pipeline(paths)
        assert outcome.success, outcome.failure
        reader.stdin.write("done\n")
        reader.stdin.flush()
        seen, reads = eval(reader.stdout.readline())
    finally:
        reader.kill()
        reader.wait()
    assert seen == [before] and reads > 1
    after = _state(analytics)
    assert after[0] != before[0]  # another run published it
    assert after[1:] != before[1:]
    assert not list(paths.output.glob(f"{TEMPORARY_PREFIX}*"))
