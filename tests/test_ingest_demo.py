"""Raw ingest of a generated delivery whose every file and row count is known."""

from warehouse_state import query


def test_rows_read_per_file_equal_the_data_rows_in_the_file(demo_run):
    logged = {
        path: (status, rows_read, header_row)
        for path, status, rows_read, header_row in query(
            demo_run.paths.warehouse,
            "SELECT file_path, status, rows_read, header_row FROM audit.file_ingest",
        )
    }
    expected = {f.path: ("loaded", f.data_rows, f.header_row) for f in demo_run.manifest.files}
    expected |= {f.path: ("rejected", None, None) for f in demo_run.manifest.rejected_files}
    assert logged == expected


def test_files_written_to_be_rejected_are_rejected_for_their_reason(demo_run):
    reasons = dict(
        query(demo_run.paths.warehouse, "SELECT file_path, reason FROM audit.file_ingest WHERE status = 'rejected'")
    )
    assert reasons == {f.path: f.reason for f in demo_run.manifest.rejected_files}
    assert sorted(reasons.values()) == ["missing_column", "unknown_source", "unreadable"]


def test_raw_rows_per_source_and_year_match_the_manifest(demo_run):
    expected = {}
    for f in demo_run.manifest.files:
        if f.year is not None:
            expected[(f.source, f.year)] = expected.get((f.source, f.year), 0) + f.data_rows
    found = {}
    for source in ("cohort", "applicants", "training", "assessment", "followup"):
        for year, n in query(demo_run.paths.warehouse, f"SELECT year, count(*) FROM raw.{source} GROUP BY 1"):
            found[(source, year)] = n
    assert found == expected


def test_every_injected_defect_row_is_in_the_raw_layer_at_its_row_number(demo_run):
    """Row numbers are those a steward sees in Excel: each defect the generator placed at
    (file, row) is found there in raw."""
    present = set()
    for source in ("cohort", "applicants", "training", "assessment", "followup"):
        present |= set(query(demo_run.paths.warehouse, f"SELECT file_path, row_number FROM raw.{source}"))
    injected = {(d.file, d.row_number) for d in demo_run.manifest.defects}
    assert injected and injected <= present
