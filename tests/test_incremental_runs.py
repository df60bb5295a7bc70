"""`yingcai run` processes only the years whose files changed since the last completed
run; every year when the reference tables change; none when nothing changed."""

import os
import subprocess
import sys
from pathlib import Path

from filemaker import write_csv
from warehouse_state import query

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
ROWS = [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]]


def run(tmp_path, *extra):
    env = {**os.environ, "YINGCAI_PSEUDONYM_KEY": "incremental-test-key-0123456789abcdef"}
    done = subprocess.run(
        [YINGCAI, "run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), *extra],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


def test_only_changed_years_are_processed(tmp_path):
    write_csv(tmp_path / "in" / "2019" / "考核.csv", ROWS)
    write_csv(tmp_path / "in" / "2020" / "考核.csv", ROWS)
    assert run(tmp_path).startswith("yingcai run: 2 years (2019–2020)")
    assert run(tmp_path).startswith("yingcai run: no delivery changed since the last completed run")
    write_csv(tmp_path / "in" / "2021" / "考核.csv", ROWS)
    assert run(tmp_path).startswith("yingcai run: 1 years (2021–2021)")
    assert query(tmp_path / "out" / "warehouse.duckdb", "SELECT count(*) FROM raw.assessment") == [(3,)]
    write_csv(tmp_path / "in" / "reference" / "mentors.csv", [["mentor_id", "name", "university_code", "discipline", "title"]])
    assert run(tmp_path).startswith("yingcai run: 3 years (2019–2021)")
    assert run(tmp_path, "--all-years").startswith("yingcai run: 3 years (2019–2021)")
