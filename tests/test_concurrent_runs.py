"""Two `yingcai run` on one output directory: the second is refused with a clear message
while the first writes, or waits for it with --wait; the result equals a single run's."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warehouse_state import table_checksums

from pipelines.demo import GeneratorOptions, generate
from pipelines.locking import LOCK_FILE_NAME

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
KEY = "concurrency-test-key-0123456789abcdef"


def start(input_dir, output_dir, *extra):
    env = {**os.environ, "YINGCAI_PSEUDONYM_KEY": KEY}
    return subprocess.Popen(
        [YINGCAI, "run", "--input", str(input_dir), "--output", str(output_dir), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def wait_until_writing(output_dir: Path, process, timeout=120):
    lock = output_dir / LOCK_FILE_NAME
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(process.pid):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    pytest.fail("the first run never took the writer lock")


@pytest.fixture(scope="module")
def delivery(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrent")
    # Small: the first run need only outlast the start of the two others.
    generate(root / "in", GeneratorOptions(seed=5, years=(2013, 2014), students_per_year=20, csv_only=True))
    return root


def test_a_second_run_is_refused_while_the_first_writes_and_one_with_wait_runs_after_it(delivery, tmp_path):
    """Both start while the first run writes: the one without --wait is refused in one
    line, the one with --wait runs when the first is done; the result equals one run's."""
    first = start(delivery / "in", tmp_path / "out")
    wait_until_writing(tmp_path / "out", first)
    refused = start(delivery / "in", tmp_path / "out")
    waiting = start(delivery / "in", tmp_path / "out", "--wait")
    _, error = refused.communicate(timeout=300)
    assert refused.returncode == 2
    assert error.startswith(f"yingcai run: another run is writing to {tmp_path / 'out'}")
    assert len(error.splitlines()) == 1
    assert first.wait(timeout=300) == 0
    assert waiting.wait(timeout=300) == 0, waiting.communicate()
    single = start(delivery / "in", tmp_path / "single")
    assert single.wait(timeout=300) == 0
    ignore = ("ingested_at",)
    assert table_checksums(tmp_path / "out" / "warehouse.duckdb", ignore_columns=ignore) == table_checksums(
        tmp_path / "single" / "warehouse.duckdb", ignore_columns=ignore
    )
