"""Deliveries per reporting unit (audit.file_units, public.delivery_unit_files, the unit of
rejected and warned rows): on the session's demo run, every file's rows by unit add up to
what the ingest logged; and the unit a file's name names, from the province spellings."""

from __future__ import annotations

import pytest
from warehouse_state import query

from pipelines.units.file_names import unit_named_in


@pytest.mark.parametrize(("path", "code"), [
    ("2024/2024年英才计划学员名单（广东）.xls", "440000"),
    ("2024/Applicants-北京.csv", "110000"),
    ("2024/Assessment_兵团.csv", "660000"),
    ("2019/考核_新疆生产建设兵团.csv", "660000"),   # not 新疆 as well: the longer spelling
    ("2019/新疆.csv", "650000"),
    ("2019/applicants-Inner Mongolia.csv", "150000"),
    ("2019/考核_440000.csv", "440000"),
    ("2024/2024年学员名单-东北.csv", None),         # a region, no unit
    ("2019/北京_天津.csv", None),                   # two units
    ("2019/shenanigans.csv", None),                 # henan inside a word
    ("2019/cohort.csv", None),
])
def test_a_file_belongs_to_the_one_unit_its_name_names(path, code):
    assert unit_named_in(path) == code


def test_every_files_rows_by_unit_add_up_to_the_files_counts(demo_run):
    mismatched = query(demo_run.paths.warehouse, """
        SELECT f.file_path
        FROM audit.file_ingest AS f
        FULL JOIN (
            SELECT file_path, sum(rows_read) AS rows_read, sum(rows_loaded) AS rows_loaded,
                sum(rows_rejected) AS rows_rejected, sum(rows_warned) AS rows_warned, count(*) AS units,
                count(DISTINCT province_code) + count(*) FILTER (province_code IS NULL) AS distinct_units
            FROM audit.file_units GROUP BY file_path
        ) AS u USING (file_path)
        WHERE u.units IS NULL OR f.file_path IS NULL OR u.units <> u.distinct_units
            OR f.rows_read IS DISTINCT FROM u.rows_read OR f.rows_loaded IS DISTINCT FROM u.rows_loaded
            OR f.rows_rejected IS DISTINCT FROM u.rows_rejected OR f.rows_warned IS DISTINCT FROM u.rows_warned
    """)
    assert mismatched == []
    assert query(demo_run.paths.warehouse, "SELECT count(*) FROM audit.file_units "
                 "WHERE rows_read <> rows_loaded + rows_rejected") == [(0,)]
    # Rows of a unit and rows of none both occur in the demo delivery.
    (known, unknown), = query(demo_run.paths.warehouse, "SELECT count(*) FILTER (province_code IS NOT NULL), "
                              "count(*) FILTER (province_code IS NULL) FROM audit.file_units WHERE rows_read > 0")
    assert known > 100 and unknown > 0


def test_the_published_unit_files_are_the_audits(demo_run):
    columns = "year, province_code, file_path, source, status, reason, version, rows_read, rows_loaded, " \
              "rows_rejected, rows_warned"
    assert query(demo_run.paths.output / "analytics.duckdb", f"SELECT {columns} FROM public.delivery_unit_files "
                 "ORDER BY ALL") == query(demo_run.paths.warehouse, f"SELECT {columns} FROM audit.file_units ORDER BY ALL")


def test_a_row_of_unknown_person_goes_to_the_unit_its_files_name_names(demo_run):
    """Rejected rows and warnings are counted by unit with one rule (audit.row_units): a row
    whose person is unknown, in a file named for one unit, is that unit's."""
    (found,), = query(demo_run.paths.warehouse, """
        SELECT count(*) FROM audit.row_units JOIN quarantine.rejected_rows USING (file_path, row_number)
        WHERE attributed_by = 'file_name' AND reason = 'unknown_student'""")
    assert found > 0
    paths = query(demo_run.paths.warehouse, """
        SELECT DISTINCT u.file_path, u.province_code FROM audit.row_units AS u WHERE u.attributed_by = 'file_name'""")
    assert all(unit_named_in(path) == code for path, code in paths)
