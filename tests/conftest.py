"""Shared fixtures, each a whole run made once per test session and read by several
test modules:

- `demo_run`: a small demo delivery, generated and run through the pipeline, for the
  tests that compare the pipeline with the generator's manifest and read its outputs;
- `command_line_run`: one `yingcai run` of a tiny delivery as a user starts it, for the
  command-line and pseudonym-key tests.

The suite runs on two processes (pytest-xdist, `-n 2 --dist loadscope` in pyproject): each
module's tests go to one process, so a module-scoped run is made once; a session-scoped
run is made once in each process that needs it."""

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from filemaker import write_csv

from pipelines.contract.national_id import make
from pipelines.demo import GeneratorOptions, Manifest, generate
from pipelines.identity import KEY_ENVIRONMENT_VARIABLE
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

DEMO_OPTIONS = GeneratorOptions(seed=11, years=(2013, 2017), students_per_year=60, defect_rate=0.02,
                                rejected_files=True)


@dataclass(frozen=True)
class DemoRun:
    paths: Paths
    manifest: Manifest


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    root = tmp_path_factory.mktemp("demo")
    manifest = generate(root / "input", DEMO_OPTIONS)
    paths = Paths(input_dir=str(root / "input"), output_dir=str(root / "output"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    return DemoRun(paths, manifest)


# The modules that run the pipeline most (a minute or more of runs each), handed out
# first: with the long ones started early, the two processes end together.
LONGEST_MODULES = (
    "test_crash_safety", "test_incremental_runs", "test_cli", "test_ingest_runs",
    "test_concurrent_runs", "test_change_detection", "test_hostile_input",
)


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.module.__name__
        return LONGEST_MODULES.index(name) if name in LONGEST_MODULES else len(LONGEST_MODULES)

    items.sort(key=rank)  # stable: the order within a module stays


YINGCAI = str(Path(sys.executable).with_name("yingcai"))
KEYED_STUDENT = make("110101", dt.date(2004, 5, 6), 12, male=False)
COHORT = [
    ["身份证号", "姓名", "省份", "中学", "年级", "学科", "培养高校", "导师编号"],
    [KEYED_STUDENT, "李四", "北京", "人大附中", "高二", "物理", "北京大学", "M001"],
]
ASSESSMENT = [["身份证号", "考核类型", "考核结果"], [KEYED_STUDENT, "中期", "合格"], ["2", "结业", "优秀"]]


@dataclass(frozen=True)
class CommandLineRun:
    root: Path  # the working directory: in/ the delivery, out/ the output
    done: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def command_line_run(tmp_path_factory) -> CommandLineRun:
    """`yingcai run --input in --output out` from the delivery's folder, relative
    directories as `make run` passes them, without YINGCAI_PSEUDONYM_KEY (so the run makes
    a key file): one student's cohort row, two assessment rows (one with an invalid ID)
    and a file that names no source."""
    root = tmp_path_factory.mktemp("command_line")
    write_csv(root / "in" / "2019" / "cohort.csv", COHORT)
    write_csv(root / "in" / "2019" / "考核.csv", ASSESSMENT)
    (root / "in" / "2019" / "notes.txt").write_text("x")
    env = {k: v for k, v in os.environ.items() if k != KEY_ENVIRONMENT_VARIABLE}
    done = subprocess.run([YINGCAI, "run", "--input", "in", "--output", "out"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return CommandLineRun(root, done)
