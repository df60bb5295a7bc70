"""Raw ingest through real in-process Dagster runs on a real DuckDB file: every file
logged, file-level rejections, and re-runs, replacements and removals that are safe."""

import os
import shutil

import pytest
from filemaker import write_csv, write_xls, write_xlsx
from warehouse_state import query, table_checksums, without_history

from pipelines.paths import Paths
from pipelines.runner import run_pipeline

ASSESSMENT_HEADER = ["身份证号", "考核类型", "考核结果"]


def assessment_rows(n: int, result: str = "合格") -> list[list[str]]:
    return [ASSESSMENT_HEADER] + [[f"ID{i:04d}", "中期", result] for i in range(n)]


def run(paths: Paths) -> None:
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure


def file_log(paths: Paths) -> dict[str, tuple]:
    rows = query(
        paths.warehouse,
        "SELECT file_path, source, year, status, reason, rows_read FROM audit.file_ingest",
    )
    return {r[0]: r[1:] for r in rows}


def deliver_mixed(root):
    """Loadable files in three formats, files rejected whole for each file-level reason
    and a stray file."""
    write_csv(root / "2019" / "考核_广东.csv", assessment_rows(3))
    write_xlsx(root / "2019" / "assessment_江苏.xlsx", assessment_rows(2), title="2019年考核")
    write_xls(root / "2020" / "考核结果-浙江.xls", assessment_rows(4))
    write_csv(root / "2019" / "说明.csv", assessment_rows(1))                       # no keyword
    write_csv(root / "2019" / "cohort_assessment.csv", assessment_rows(1))         # two keywords
    write_csv(root / "2020" / "考核_缺列.csv", [["身份证号", "考核类型"], ["1", "中期"]])
    (root / "2020" / "考核_坏.xlsx").write_bytes(b"not a workbook")
    (root / "readme.txt").write_text("stray file outside the year folders")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Paths:
    """One run over deliver_mixed's files, read by the tests below."""
    root = tmp_path_factory.mktemp("mixed")
    paths = Paths(input_dir=str(root / "input"), output_dir=str(root / "output"))
    deliver_mixed(paths.input)
    run(paths)
    return paths


def test_every_file_is_logged_and_rejected_files_do_not_stop_the_others(mixed):
    log = file_log(mixed)
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
    assert query(mixed.warehouse, "SELECT year, count(*) FROM raw.assessment GROUP BY 1 ORDER BY 1") == [
        (2019, 5),
        (2020, 4),
    ]
    message = query(mixed.warehouse, "SELECT message, message_zh FROM audit.file_ingest WHERE reason = 'missing_column'")
    assert message == [("2020/考核_缺列.csv: header row 1 lacks required column(s) 考核结果 (result)",
                        "2020/考核_缺列.csv：第 1 行表头缺少必需列 考核结果 (result)")]


def test_lineage_columns_point_back_to_the_cell(mixed):
    rows = query(
        mixed.warehouse,
        "SELECT year, file_path, sheet, row_number, national_id, file_sha256 = "
        "(SELECT sha256 FROM raw.delivered_files WHERE file_path = '2019/assessment_江苏.xlsx') "
        "FROM raw.assessment WHERE file_path = '2019/assessment_江苏.xlsx' ORDER BY row_number",
    )
    assert rows == [
        (2019, "2019/assessment_江苏.xlsx", "Sheet1", 3, "ID0000", True),
        (2019, "2019/assessment_江苏.xlsx", "Sheet1", 4, "ID0001", True),
    ]


def test_rerun_on_the_same_input_changes_nothing(mixed, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(mixed.output, output)
    again = Paths(input_dir=mixed.input_dir, output_dir=str(output))
    before = table_checksums(again.warehouse)
    run(again)
    assert table_checksums(again.warehouse) == before  # ingested_at included: nothing rewritten


def test_replaced_and_removed_files_in_small_batches_end_as_one_fresh_run(tmp_path, monkeypatch):
    """A second run after a file was replaced, another removed and a year folder removed,
    with COMMIT_ROWS cut down to 2 rows: every batch commits in the middle of the files
    (a replaced file's old rows deleted in one batch, its new rows inserted in another).
    The replaced file holds its new rows only, the removed file and year leave nothing,
    and the warehouse equals one fresh run over the final input. A link to a file outside
    the input is logged, not followed."""
    from pipelines.raw import sources as raw_sources

    secret = write_csv(tmp_path / "elsewhere" / "考核.csv", assessment_rows(5))

    def deliver_final(root):
        if not (root / "2019" / "考核_link.csv").is_symlink():
            (root / "2019").mkdir(parents=True, exist_ok=True)
            os.symlink(secret, root / "2019" / "考核_link.csv")
        write_csv(root / "2019" / "考核.csv", assessment_rows(2, "不合格"))
        write_csv(root / "2019" / "考核_其他.csv", assessment_rows(2, "优秀"))
        write_xlsx(root / "2019" / "assessment_江苏.xlsx", assessment_rows(2), title="2019年考核")
        write_csv(root / "2019" / "说明.csv", assessment_rows(1))
        write_csv(root / "2020" / "考核.csv", assessment_rows(5, "优秀"))

    updated = Paths(input_dir=str(tmp_path / "in"), output_dir=str(tmp_path / "out"))
    deliver_final(updated.input)
    write_csv(updated.input / "2019" / "考核.csv", assessment_rows(3, "合格"))
    withdrawn = write_csv(updated.input / "2019" / "考核_撤回.csv", assessment_rows(2))
    write_csv(updated.input / "2020" / "考核.csv", assessment_rows(4))
    write_csv(updated.input / "2021" / "考核.csv", assessment_rows(4))
    run(updated)
    assert query(updated.warehouse, "SELECT count(*) FROM raw.assessment") == [(17,)]
    deliver_final(updated.input)  # 2019/考核.csv and 2020/考核.csv replaced
    withdrawn.unlink()
    shutil.rmtree(updated.input / "2021")
    monkeypatch.setattr(raw_sources, "COMMIT_ROWS", 2)
    run(updated)
    monkeypatch.undo()

    assert set(file_log(updated)) == {
        "2019/考核.csv", "2019/考核_其他.csv", "2019/assessment_江苏.xlsx", "2019/说明.csv", "2020/考核.csv",
        "2019/考核_link.csv",
    }
    assert file_log(updated)["2019/考核_link.csv"] == ("assessment", 2019, "rejected", "unreadable", None)
    assert file_log(updated)["2019/考核.csv"][-1] == 2
    assert query(
        updated.warehouse, "SELECT file_path, result, count(*) FROM raw.assessment GROUP BY ALL ORDER BY ALL"
    ) == [
        ("2019/assessment_江苏.xlsx", "合格", 2), ("2019/考核.csv", "不合格", 2),
        ("2019/考核_其他.csv", "优秀", 2), ("2020/考核.csv", "优秀", 5),
    ]
    fresh = Paths(input_dir=str(tmp_path / "fresh_in"), output_dir=str(tmp_path / "fresh_out"))
    deliver_final(fresh.input)
    run(fresh)
    ignored = ("ingested_at", "file_sha256", "sha256")  # the same content, written twice
    own_key = ("restricted.pseudonym_key_check",)  # each output directory makes its own key
    assert without_history(table_checksums(updated.warehouse, own_key, ignored)) == \
        without_history(table_checksums(fresh.warehouse, own_key, ignored))
    # Only the history remembers the first delivery: the two replaced files' second
    # versions, the withdrawn file's and the removed year's first.
    assert query(updated.warehouse, "SELECT file_path, max(version) FROM audit.file_versions "
                 "WHERE file_path LIKE '%考核%.csv' GROUP BY ALL ORDER BY ALL") == [
        ("2019/考核.csv", 2), ("2019/考核_link.csv", 1), ("2019/考核_其他.csv", 1), ("2019/考核_撤回.csv", 1),
        ("2020/考核.csv", 2), ("2021/考核.csv", 1)]
