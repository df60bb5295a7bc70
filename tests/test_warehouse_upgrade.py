"""A warehouse made by an earlier version of the code is brought to this one's layout:
tables kept across runs gain the columns the code now writes, lose those it no longer
writes, and keep the rows of partitions not written again."""

import duckdb

from pipelines.warehouse import align_columns, run_sql


def test_a_partitioned_table_takes_the_layout_of_the_rows_about_to_be_inserted(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA staging")
    con.execute("CREATE TABLE staging.cohort (year INTEGER, person_key VARCHAR, retired VARCHAR, hours INTEGER)")
    con.execute("INSERT INTO staging.cohort VALUES (2019, 'a', 'old', 3)")
    con.execute("CREATE TEMP TABLE staged_rows (year INTEGER, person_key VARCHAR, hours DOUBLE, row_reasons VARCHAR[])")
    con.execute("INSERT INTO staged_rows VALUES (2020, 'b', 2.5, ['missing_value'])")

    align_columns(con, "staging.cohort", "staged_rows")
    con.execute("INSERT INTO staging.cohort BY NAME FROM staged_rows")

    assert con.execute("SELECT column_name, column_type FROM (DESCRIBE staging.cohort)").fetchall() == [
        ("year", "INTEGER"), ("person_key", "VARCHAR"), ("hours", "DOUBLE"), ("row_reasons", "VARCHAR[]"),
    ]
    assert con.execute("SELECT * FROM staging.cohort ORDER BY year").fetchall() == [
        (2019, "a", None, None), (2020, "b", 2.5, ["missing_value"]),
    ]


def test_the_file_ledger_of_an_earlier_layout_gains_its_new_columns(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA raw")
    con.execute(
        "CREATE TABLE raw.delivered_files (file_path VARCHAR PRIMARY KEY, year INTEGER, source VARCHAR, "
        "file_format VARCHAR, sha256 VARCHAR, size_bytes BIGINT, status VARCHAR NOT NULL, reason VARCHAR, "
        "message VARCHAR, sheet VARCHAR, encoding VARCHAR, header_row INTEGER, rows_read BIGINT, "
        "reader_version INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL)"
    )
    con.execute("INSERT INTO raw.delivered_files (file_path, status, reader_version, ingested_at) "
                "VALUES ('2019/cohort.csv', 'loaded', 1, now())")
    run_sql(con, "raw/delivered_files")
    run_sql(con, "raw/delivered_files")  # again: nothing more changes
    columns = [c for (c,) in con.execute("SELECT column_name FROM (DESCRIBE raw.delivered_files)").fetchall()]
    assert columns[-2:] == ["message_zh", "headers"]
    assert con.execute("SELECT file_path, headers FROM raw.delivered_files").fetchall() == [("2019/cohort.csv", None)]
