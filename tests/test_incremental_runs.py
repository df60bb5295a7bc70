"""`yingcai run` processes only the years whose files changed since the last completed
run; every year when the reference tables change; none when nothing changed.

Which years: `years_needing_a_run` over the fingerprints of a real input folder, as the
command computes them. That the command records what it completed and acts on it: one
sequence of real runs."""

import os
import subprocess
import sys
from pathlib import Path

from filemaker import write_csv
from warehouse_state import query

from pipelines.code_version import code_fingerprint, code_fingerprint_of
from pipelines.deliveries_state import fingerprints_of, scan
from pipelines.raw.completed_input_state import CODE_SCOPE, years_needing_a_run, years_to_update

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
ROWS = [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]]
MENTORS = [["mentor_id", "name", "university_code", "discipline", "title"]]


def state(input_dir: Path) -> dict[str, str]:
    """The input's fingerprints as the command computes them."""
    return fingerprints_of(scan(input_dir, {}))


def completed_by_this_code(fingerprints: dict[str, str]) -> dict[str, str]:
    """A completed state as this code's run records it."""
    return {**fingerprints, CODE_SCOPE: code_fingerprint()}


def test_years_needing_a_run_are_those_added_changed_or_removed(tmp_path):
    inp = tmp_path / "in"
    write_csv(inp / "2019" / "考核.csv", ROWS)
    write_csv(inp / "2020" / "考核.csv", ROWS)
    first = completed_by_this_code(state(inp))
    assert years_needing_a_run({}, state(inp), [2019, 2020]) == [2019, 2020]  # nothing completed yet
    assert years_needing_a_run(first, state(inp), [2019, 2020]) == []
    os.utime(inp / "2019" / "考核.csv", ns=(1, 1))  # touched, same content
    assert years_needing_a_run(first, state(inp), [2019, 2020]) == []
    write_csv(inp / "2021" / "考核.csv", ROWS)
    assert years_needing_a_run(first, state(inp), [2019, 2020, 2021]) == [2021]
    write_csv(inp / "2020" / "考核.csv", [*ROWS, ["2", "中期", "优秀"]])
    assert years_needing_a_run(first, state(inp), [2019, 2020, 2021]) == [2020, 2021]
    (inp / "2019" / "考核.csv").unlink()
    assert years_needing_a_run(first, state(inp), [2019, 2020, 2021]) == [2019, 2020, 2021]


def test_a_changed_reference_table_or_stray_file_needs_every_year(tmp_path):
    inp = tmp_path / "in"
    write_csv(inp / "2019" / "考核.csv", ROWS)
    write_csv(inp / "2020" / "考核.csv", ROWS)
    before = completed_by_this_code(state(inp))
    write_csv(inp / "reference" / "mentors.csv", MENTORS)
    assert years_needing_a_run(before, state(inp), [2019, 2020]) == [2019, 2020]
    with_reference = completed_by_this_code(state(inp))
    (inp / "readme.txt").write_text("a stray file")
    assert years_needing_a_run(with_reference, state(inp), [2019, 2020]) == [2019, 2020]


def test_a_warehouse_made_by_other_code_needs_every_year(tmp_path):
    """After an upgrade the deliveries are unchanged but the outputs are the old code's:
    every year is processed again, and says why."""
    inp = tmp_path / "in"
    write_csv(inp / "2019" / "考核.csv", ROWS)
    write_csv(inp / "2020" / "考核.csv", ROWS)
    unchanged = state(inp)
    older_code = {**unchanged, CODE_SCOPE: "0" * 64}
    assert years_to_update(older_code, unchanged, [2019, 2020]) == {
        2019: "the pipeline's code changed since the last completed run",
        2020: "the pipeline's code changed since the last completed run",
    }
    assert years_needing_a_run(unchanged, unchanged, [2019, 2020]) == [2019, 2020]  # recorded before code was
    assert years_needing_a_run(completed_by_this_code(unchanged), unchanged, [2019, 2020]) == []


def test_the_code_fingerprint_follows_the_code_files(tmp_path):
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "a.sql").write_text("SELECT 1;")
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "notes.txt").write_text("not code")
    first = code_fingerprint_of(tmp_path)
    (tmp_path / "pipelines" / "notes.txt").write_text("still not code")
    assert code_fingerprint_of(tmp_path) == first
    (tmp_path / "sql" / "a.sql").write_text("SELECT 2;")
    assert code_fingerprint_of(tmp_path) != first


def run(tmp_path, *extra):
    env = {**os.environ, "YINGCAI_PSEUDONYM_KEY": "incremental-test-key-0123456789abcdef"}
    done = subprocess.run(
        [YINGCAI, "run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), *extra],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


def test_the_command_runs_only_what_changed_since_its_last_completed_run(tmp_path):
    write_csv(tmp_path / "in" / "2019" / "考核.csv", ROWS)
    write_csv(tmp_path / "in" / "2020" / "考核.csv", ROWS)
    assert run(tmp_path).startswith("yingcai run: 2 years (2019–2020)")
    assert run(tmp_path).startswith("yingcai run: no delivery changed since the last completed run")
    write_csv(tmp_path / "in" / "2021" / "考核.csv", ROWS)
    assert run(tmp_path).startswith("yingcai run: 1 years (2021–2021)")
    assert query(tmp_path / "out" / "warehouse.duckdb", "SELECT year, count(*) FROM raw.assessment GROUP BY 1 ORDER BY 1") == [
        (2019, 1), (2020, 1), (2021, 1)
    ]
    assert run(tmp_path, "--all-years").startswith("yingcai run: 3 years (2019–2021)")
