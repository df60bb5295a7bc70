"""The command line as a user meets it: one clear line for mistakes, never a traceback."""

import subprocess
import sys
from pathlib import Path

import duckdb
from filemaker import write_csv

YINGCAI = [str(Path(sys.executable).with_name("yingcai"))]


def yingcai(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*YINGCAI, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_missing_input_directory_is_one_line(tmp_path):
    done = yingcai("run", "--input", str(tmp_path / "nowhere"), "--output", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr == f"yingcai run: input directory {tmp_path / 'nowhere'} does not exist\n"


def test_input_without_year_folders_is_one_line(tmp_path):
    (tmp_path / "in" / "reference").mkdir(parents=True)
    done = yingcai("run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "no year folders" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_locked_warehouse_is_one_line(tmp_path):
    write_csv(tmp_path / "in" / "2019" / "考核.csv", [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]])
    (tmp_path / "out").mkdir()
    holder = duckdb.connect(str(tmp_path / "out" / "warehouse.duckdb"))  # another writer
    try:
        done = subprocess.run(
            [*YINGCAI, "run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out")],
            capture_output=True, text=True, timeout=300,
        )
    finally:
        holder.close()
    assert done.returncode == 2
    assert done.stderr.startswith("yingcai run: the warehouse ") and "in use by another process" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_run_with_relative_directories_as_make_run_passes_them_prints_files_rows_and_rejections(command_line_run):
    done, out = command_line_run.done, command_line_run.root / "out"
    assert "in all: 3 files, 3 rows read" in done.stdout
    assert "unknown_source  2019/notes.txt" in done.stdout
    assert "  restricted warehouse  out/warehouse.duckdb\n" in done.stdout
    assert (out / "validation" / "index.html").is_file()
    assert (out / "analytics.duckdb").is_file()


def test_a_failed_step_is_one_line_and_its_trace_goes_to_a_file(tmp_path):
    write_csv(tmp_path / "in" / "2019" / "考核.csv", [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]])
    blocker = tmp_path / "out" / "analytics.duckdb"  # publishing cannot replace a folder
    (blocker / "x").mkdir(parents=True)
    done = yingcai("run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"))
    trace = tmp_path / "out" / "restricted" / "last_failure.txt"
    assert done.returncode == 1
    assert done.stderr.startswith(
        "yingcai run: failed: step publish__analytics_database failed: IsADirectoryError: [Errno 21] Is a directory: "
    )
    assert done.stderr.endswith(f"-> '{blocker}' (the trace: {trace})\n")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr + done.stdout
    assert "os.replace(temporary, destination)" in trace.read_text(encoding="utf-8")
    (blocker / "x").rmdir()
    blocker.rmdir()
    again = yingcai("run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"))
    assert again.returncode == 0, again.stderr
    assert not trace.exists()
