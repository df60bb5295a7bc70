"""Shared fixtures: one small demo delivery, generated and run through the whole pipeline
once per test session, for the tests that compare the pipeline with the generator's
manifest."""

from dataclasses import dataclass

import pytest

from pipelines.demo import GeneratorOptions, Manifest, generate
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
