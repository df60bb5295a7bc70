"""On a generated delivery with injected defects, the pipeline rejects and warns exactly
what the generator injected — row by row, reason by reason — and keeps national IDs and
names out of every table but the restricted ones."""

from collections import Counter

import duckdb
from warehouse_state import query

from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS


def found_rows(paths):
    rows = query(paths.warehouse, "SELECT file_path, row_number, reason, column_name FROM quarantine.rejected_rows")
    rows += query(paths.warehouse, "SELECT file_path, row_number, reason, column_name FROM audit.row_warnings")
    return rows


def test_every_reason_of_the_contract_is_injected_and_found(demo_run):
    reasons = {reason for _, _, reason, _ in found_rows(demo_run.paths)}
    # This demo has no rosters: roster_id_invalid is found in tests/test_roster_links.py.
    assert reasons == set(ROW_REJECT_REASONS) | set(ROW_WARN_REASONS) - {"roster_id_invalid"}


def test_rejections_and_warnings_per_reason_equal_what_was_injected(demo_run):
    found = Counter(reason for _, _, reason, _ in found_rows(demo_run.paths))
    injected = Counter(d.reason for d in demo_run.manifest.defects)
    assert found == injected


def test_each_injected_defect_is_found_at_its_row_with_its_column(demo_run):
    found = sorted(found_rows(demo_run.paths))
    injected = sorted((d.file, d.row_number, d.reason, d.column) for d in demo_run.manifest.defects)
    assert found == injected


def test_rows_read_equal_rows_loaded_plus_rows_rejected_for_every_file(demo_run):
    unbalanced = query(
        demo_run.paths.warehouse,
        "SELECT file_path FROM audit.file_ingest WHERE status = 'loaded' "
        "AND rows_read IS DISTINCT FROM rows_loaded + rows_rejected",
    )
    assert unbalanced == []
    loaded = dict(query(demo_run.paths.warehouse,
                        "SELECT year || '/' || source, sum(rows_loaded) FROM audit.file_ingest "
                        "WHERE year IS NOT NULL AND status = 'loaded' GROUP BY 1"))
    expected = {f"{y}/{s}": n for (s, y), n in demo_run.manifest.loaded_rows().items()}
    assert loaded == expected


# Layers that hold what was delivered, by design restricted: raw (as delivered), the
# quarantine (rejected rows with their delivered values) and the restricted schema.
RESTRICTED_SCHEMAS = ("raw", "quarantine", "restricted")
HASH_COLUMNS = ("person_key", "sha256", "file_sha256")


def test_no_national_id_or_name_outside_the_restricted_tables(demo_run):
    with duckdb.connect(str(demo_run.paths.warehouse), read_only=True) as con:
        secrets = {
            value
            for (national_id, name) in con.execute("SELECT national_id, name FROM restricted.identities").fetchall()
            for value in (national_id, name)
            if value
        }
        secrets |= {v for (v,) in con.execute("SELECT DISTINCT national_id FROM raw.cohort WHERE national_id IS NOT NULL").fetchall()}
        assert len(secrets) > 500
        columns = con.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE data_type IN ('VARCHAR', 'JSON') AND table_schema NOT IN "
            f"({', '.join('?' for _ in RESTRICTED_SCHEMAS)})",
            list(RESTRICTED_SCHEMAS),
        ).fetchall()
        assert {schema for schema, _, _ in columns} >= {"staging", "core", "audit"}
        leaks = []
        for schema, table, column in columns:
            values = {v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}"').fetchall()}
            leaks += [(schema, table, column) for v in values & secrets]
            if column not in HASH_COLUMNS:  # hex digests hold digit runs by chance
                (shaped,) = con.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" '
                    f"WHERE regexp_matches(\"{column}\"::VARCHAR, '\\d{{17}}[0-9Xx]')"
                ).fetchone()
                leaks += [(schema, table, column, "ID-shaped")] * bool(shaped)
        assert leaks == []
