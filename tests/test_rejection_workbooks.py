"""The workbooks stewards send back: one per file with rejected rows, under
<output>/restricted/, each rejected row with its Excel row number and reason, every cell
text (no formula can be injected)."""

import tempfile
from collections import defaultdict

import openpyxl
import pytest
from filemaker import write_csv

from pipelines.contract.reasons import ROW_REJECT_REASONS
from pipelines.paths import Paths
from pipelines.runner import run_pipeline
from pipelines.stewardship import workbooks
from pipelines.stewardship.contents import FileContents, RejectedRow
from pipelines.stewardship.workbooks import FILE_REJECTIONS_WORKBOOK, WORKBOOK_SUFFIX, WorkbookJob


def sheet_rows(path):
    sheet = openpyxl.load_workbook(path).active
    return list(sheet.iter_rows(values_only=True))


def test_each_file_with_rejections_gets_a_workbook_listing_exactly_its_rejected_rows(demo_run):
    folder = demo_run.paths.output / "restricted" / "rejections"
    expected = defaultdict(set)
    for d in demo_run.manifest.defects:
        if d.reason in ROW_REJECT_REASONS:
            expected[d.file].add((str(d.row_number), d.reason))
    written = {p.relative_to(folder).as_posix()[: -len(WORKBOOK_SUFFIX)]: p for p in folder.rglob(f"*{WORKBOOK_SUFFIX}")}
    # Files with warnings only have a workbook too, with no rejected row.
    assert set(written) >= set(expected)
    for file_path, workbook in written.items():
        rows = sheet_rows(workbook)[1:]
        # the first reason listed is the row's (accounting) reason
        assert {(r[0], r[1].splitlines()[0]) for r in rows} == expected.get(file_path, set())
    files_rejected_whole = sheet_rows(folder / FILE_REJECTIONS_WORKBOOK)[1:]
    assert sorted(r[0] for r in files_rejected_whole) == sorted(f.path for f in demo_run.manifest.rejected_files)


def test_a_rerun_keeps_unchanged_workbooks_and_rewrites_the_rest(tmp_path):
    """Only workbooks whose rejected rows changed are written again (a row added; a
    delivered value changed under the same row and reason); the others are last run's
    files (the same inode); a file whose rejections went has no workbook. Delivered
    values that look like formulas are written as text."""
    header = ["身份证号", "考核类型", "考核结果"]
    inp = tmp_path / "in"
    write_csv(inp / "2019" / "考核_a.csv", [header, ["=HYPERLINK(\"http://x\")", "中期", "+1"], ["@SUM(1)", "-2", "合格"]])
    write_csv(inp / "2019" / "考核_b.csv", [header, ["2", "中期", "合格"]])
    write_csv(inp / "2020" / "考核_c.csv", [header, ["3", "中期", "合格"]])
    write_csv(inp / "2020" / "考核_d.csv", [header, ["5", "中期", "合格"]])
    paths = Paths(input_dir=str(inp), output_dir=str(tmp_path / "out"))
    assert run_pipeline(paths).success
    folder = paths.output / "restricted" / "rejections"
    inode = {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob(f"*{WORKBOOK_SUFFIX}")}
    assert set(inode) == {f"2019/考核_a.csv{WORKBOOK_SUFFIX}", f"2019/考核_b.csv{WORKBOOK_SUFFIX}",
                          f"2020/考核_c.csv{WORKBOOK_SUFFIX}", f"2020/考核_d.csv{WORKBOOK_SUFFIX}"}
    sheet = openpyxl.load_workbook(folder / "2019" / f"考核_a.csv{WORKBOOK_SUFFIX}").active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert {c.value for c in cells} >= {'=HYPERLINK("http://x")', "+1", "@SUM(1)", "-2"}
    assert {c.data_type for c in cells} == {"s"}
    write_csv(inp / "2019" / "考核_b.csv", [header, ["2", "中期", "合格"], ["4", "结业", "优秀"]])
    (inp / "2020" / "考核_c.csv").unlink()
    write_csv(inp / "2020" / "考核_d.csv", [header, ["5", "中期", "优秀"]])
    assert run_pipeline(paths).success
    after = {p.relative_to(folder).as_posix(): p for p in folder.rglob(f"*{WORKBOOK_SUFFIX}")}
    assert set(after) == {f"2019/考核_a.csv{WORKBOOK_SUFFIX}", f"2019/考核_b.csv{WORKBOOK_SUFFIX}",
                          f"2020/考核_d.csv{WORKBOOK_SUFFIX}"}
    assert after[f"2019/考核_a.csv{WORKBOOK_SUFFIX}"].stat().st_ino == inode[f"2019/考核_a.csv{WORKBOOK_SUFFIX}"]
    assert after[f"2019/考核_b.csv{WORKBOOK_SUFFIX}"].stat().st_ino != inode[f"2019/考核_b.csv{WORKBOOK_SUFFIX}"]
    assert [r[:2] for r in sheet_rows(after[f"2019/考核_b.csv{WORKBOOK_SUFFIX}"])[1:]] == [
        ("2", "invalid_national_id"), ("3", "invalid_national_id")
    ]
    assert after[f"2020/考核_d.csv{WORKBOOK_SUFFIX}"].stat().st_ino != inode[f"2020/考核_d.csv{WORKBOOK_SUFFIX}"]
    (changed,) = sheet_rows(after[f"2020/考核_d.csv{WORKBOOK_SUFFIX}"])[1:]
    assert changed[:2] == ("2", "invalid_national_id") and "优秀" in changed


def _jobs(folder, files, rows_per_file):
    values = {"national_id": "110101200501010011", "name": "张三", "hours": "=1+1"}
    return [
        WorkbookJob(
            folder / f"2019/training_{i}.csv{WORKBOOK_SUFFIX}",
            FileContents(f"2019/training_{i}.csv", "training", 2019, None, [
                RejectedRow(n + 2, (("invalid_value", "hours"),), None, None, None, values)
                for n in range(rows_per_file + i)
            ]),
        )
        for i in range(files)
    ]


def test_workbooks_written_by_worker_processes_equal_those_written_here(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(workbooks.os, "cpu_count", lambda: 2)
    workbooks.write_workbooks(_jobs(tmp_path / "workers", 5, 300))
    workbooks.write_here(_jobs(tmp_path / "here", 5, 300))
    written = sorted(p.relative_to(tmp_path / "workers") for p in (tmp_path / "workers").rglob("*.xlsx"))
    assert len(written) == 5
    for name in written:
        rows = sheet_rows(tmp_path / "workers" / name)
        assert rows == sheet_rows(tmp_path / "here" / name)
        assert len(rows) == 1 + 300 + int(name.name.split("_")[1].split(".")[0])
        assert rows[1][:2] == ("2", "invalid_value") and "=1+1" in rows[1]


def test_a_large_workbook_written_row_by_row_holds_the_same_cells(tmp_path, monkeypatch):
    workbooks.write_here(_jobs(tmp_path / "in_memory", 1, 50))
    monkeypatch.setattr(workbooks, "CONSTANT_MEMORY_ROWS", 10)
    made_in = []
    mkstemp = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: made_in.append(k.get("dir")) or mkstemp(*a, **k))
    workbooks.write_here(_jobs(tmp_path / "row_by_row", 1, 50))
    # xlsxwriter's row-by-row files hold names and IDs: they stay under the output.
    assert made_in and all(str(d).startswith(str(tmp_path / "row_by_row")) for d in made_in)
    name = f"2019/training_0.csv{WORKBOOK_SUFFIX}"
    rows = sheet_rows(tmp_path / "row_by_row" / name)
    assert len(rows) == 51 and rows == sheet_rows(tmp_path / "in_memory" / name)
    cells = [c for row in openpyxl.load_workbook(tmp_path / "row_by_row" / name).active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"s"}


def test_a_failing_worker_fails_the_step_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(workbooks.os, "cpu_count", lambda: 2)
    jobs = _jobs(tmp_path, 2, 10)
    jobs[1].contents.rejected[0] = RejectedRow(2, (("no_such_reason", None),), None, None, None, {})
    with pytest.raises(RuntimeError, match="a workbook worker failed: KeyError: 'no_such_reason'"):
        workbooks.write_workbooks(jobs)


def test_jobs_are_dealt_so_that_workers_get_near_equal_rows():
    jobs = [WorkbookJob(None, FileContents("f", "training", 2019, None, [None] * n)) for n in (50, 40, 30, 20, 10, 5, 5)]
    shares = workbooks._balanced(jobs, 2)
    assert sorted(sum(job.size for job in share) for share in shares) == [80, 80]
