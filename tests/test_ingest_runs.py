"""Raw ingest through real in-process Dagster runs on a real DuckDB file: every file
logged, file-level rejections, and re-runs, replacements and removals that are safe."""

import os

import pytest
from filemaker import write_csv, write_xls, write_xlsx
from warehouse_state import query, table_checksums

from pipelines.paths import Paths
from pipelines.runner import run_pipeline

ASSESSMENT_HEADER = ["身份证号", "考核类型", "考核结果"]


def assessment_rows(n: int, result: str = "合格") -> list[list[str]]:
    return [ASSESSMENT_HEADER] + [[f"ID{i:04d}", "中期", result] for i in range(n)]


@pytest.fixture
def paths(tmp_path) -> Paths:
    (tmp_path / "input").mkdir()
    return Paths(input_dir=str(tmp_path / "input"), output_dir=str(tmp_path / "output"))


def run(paths: Paths) -> None:
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure


def file_log(paths: Paths) -> dict[str, tuple]:
    rows = query(
        paths.warehouse,
        "SELECT file_path, source, year, status, reason, rows_read FROM audit.file_ingest",
    )
    return {r[0]: r[1:] for r in rows}


def test_every_file_is_logged_and_rejected_files_do_not_stop_the_others(paths):
    root = paths.input
    write_csv(root / "2019" / "考核_广东.csv", assessment_rows(3))
    write_xlsx(root / "2019" / "assessment_江苏.xlsx", assessment_rows(2), title="2019年考核")
    write_xls(root / "2020" / "考核结果-浙江.xls", assessment_rows(4))
    write_csv(root / "2019" / "说明.csv", assessment_rows(1))                       # no keyword
    write_csv(root / "2019" / "cohort_assessment.csv", assessment_rows(1))         # two keywords
    write_csv(root / "2020" / "考核_缺列.csv", [["身份证号", "考核类型"], ["1", "中期"]])
    (root / "2020" / "考核_坏.xlsx").write_bytes(b"not a workbook")
    (root / "readme.txt").write_text("stray file outside the year folders")
    run(paths)
    log = file_log(paths)
    assert log == {
        "2019/考核_广东.csv": ("assessment", 2019, "loaded", None, 3),
        "2019/assessment_江苏.xlsx": ("assessment", 2019, "loaded", None, 2),
        "2020/考核结果-浙江.xls": ("assessment", 2020, "loaded", None, 4),
        "2019/说明.csv": (None, 2019, "rejected", "unknown_source", None),
        "2019/cohort_assessment.csv": (None, 2019, "rejected", "unknown_source", None),
        "2020/考核_缺列.csv": ("assessment", 2020, "rejected", "missing_column", None),
        "2020/考核_坏.xlsx": ("assessment", 2020, "rejected", "unreadable", None),
        "readme.txt": (None, None, "rejected", "unknown_source", None),
    }
    assert query(paths.warehouse, "SELECT year, count(*) FROM raw.assessment GROUP BY 1 ORDER BY 1") == [
        (2019, 5),
        (2020, 4),
    ]
    message = query(paths.warehouse, "SELECT message FROM audit.file_ingest WHERE reason = 'missing_column'")
    assert message == [("2020/考核_缺列.csv: header row 1 lacks required column(s) 考核结果 (result)",)]


def test_lineage_columns_point_back_to_the_cell(paths):
    write_xlsx(paths.input / "2019" / "考核.xlsx", assessment_rows(2), title="2019年考核结果")
    run(paths)
    rows = query(
        paths.warehouse,
        "SELECT year, file_path, sheet, row_number, national_id, file_sha256 = "
        "(SELECT sha256 FROM raw.delivered_files) FROM raw.assessment ORDER BY row_number",
    )
    assert rows == [
        (2019, "2019/考核.xlsx", "Sheet1", 3, "ID0000", True),
        (2019, "2019/考核.xlsx", "Sheet1", 4, "ID0001", True),
    ]


def test_rerun_on_the_same_input_changes_nothing(paths):
    write_csv(paths.input / "2019" / "考核.csv", assessment_rows(3))
    write_csv(paths.input / "2019" / "说明.csv", assessment_rows(1))
    run(paths)
    before = table_checksums(paths.warehouse)
    run(paths)
    assert table_checksums(paths.warehouse) == before  # ingested_at included: nothing rewritten


def test_replaced_file_replaces_its_rows(paths):
    path = write_csv(paths.input / "2019" / "考核.csv", assessment_rows(3, "合格"))
    write_csv(paths.input / "2019" / "考核_其他.csv", assessment_rows(2, "优秀"))
    run(paths)
    write_csv(path, assessment_rows(2, "不合格"))
    run(paths)
    assert query(
        paths.warehouse, "SELECT file_path, result, count(*) FROM raw.assessment GROUP BY ALL ORDER BY ALL"
    ) == [("2019/考核.csv", "不合格", 2), ("2019/考核_其他.csv", "优秀", 2)]
    assert file_log(paths)["2019/考核.csv"][-1] == 2


def test_removed_file_and_removed_year_folder_take_their_rows(paths):
    write_csv(paths.input / "2019" / "考核.csv", assessment_rows(3))
    gone = write_csv(paths.input / "2019" / "考核_撤回.csv", assessment_rows(2))
    write_csv(paths.input / "2020" / "考核.csv", assessment_rows(4))
    run(paths)
    gone.unlink()
    for f in (paths.input / "2020").iterdir():
        f.unlink()
    (paths.input / "2020").rmdir()
    run(paths)
    assert set(file_log(paths)) == {"2019/考核.csv"}
    assert query(paths.warehouse, "SELECT file_path, count(*) FROM raw.assessment GROUP BY 1") == [
        ("2019/考核.csv", 3)
    ]


def test_symlink_out_of_the_input_is_logged_not_followed(paths, tmp_path):
    secret = write_csv(tmp_path / "elsewhere" / "考核.csv", assessment_rows(5))
    (paths.input / "2019").mkdir()
    os.symlink(secret, paths.input / "2019" / "考核_link.csv")
    run(paths)
    assert file_log(paths) == {"2019/考核_link.csv": ("assessment", 2019, "rejected", "unreadable", None)}
    assert query(paths.warehouse, "SELECT count(*) FROM raw.assessment") == [(0,)]


def test_files_committed_in_small_batches_load_as_in_one(paths, tmp_path, monkeypatch):
    """COMMIT_ROWS cut down to 2 rows: every batch commits in the middle of the files
    (a replaced file's old rows deleted in one batch, its new rows inserted in another);
    the warehouse ends as one batch would leave it."""
    from pipelines.ingest import loading

    def deliver(root):
        write_csv(root / "2019" / "考核_广东.csv", assessment_rows(3))
        write_xlsx(root / "2019" / "assessment_江苏.xlsx", assessment_rows(2), title="2019年考核")
        write_csv(root / "2019" / "说明.csv", assessment_rows(1))
        write_csv(root / "2020" / "考核.csv", assessment_rows(4))

    deliver(paths.input)
    run(paths)
    write_csv(paths.input / "2020" / "考核.csv", assessment_rows(5, "优秀"))
    monkeypatch.setattr(loading, "COMMIT_ROWS", 2)
    run(paths)
    monkeypatch.undo()
    whole = Paths(input_dir=str(tmp_path / "whole_in"), output_dir=str(tmp_path / "whole_out"))
    deliver(whole.input)
    write_csv(whole.input / "2020" / "考核.csv", assessment_rows(5, "优秀"))
    run(whole)
    ignored = ("ingested_at", "file_sha256", "sha256")  # the same content, written twice
    own_key = ("restricted.pseudonym_key_check",)  # each output directory makes its own key
    assert table_checksums(paths.warehouse, own_key, ignored) == table_checksums(whole.warehouse, own_key, ignored)
    assert query(paths.warehouse, "SELECT year, result, count(*) FROM raw.assessment GROUP BY ALL ORDER BY ALL") == [
        (2019, "合格", 5), (2020, "优秀", 5)
    ]
