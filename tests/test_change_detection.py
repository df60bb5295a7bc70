"""One change-detection mechanism: every completed run, however it was started, records
the input it processed (raw.completed_input_state, written by the run's last asset), and
`yingcai run` and the delivery sensor compare the input directory against that record."""

import subprocess
import sys

import dagster as dg
from filemaker import write_csv
from warehouse_state import query

from pipelines.definitions import build_definitions
from pipelines.code_version import code_fingerprint
from pipelines.deliveries_state import fingerprints_of, scan
from pipelines.raw.completed_input_state import CODE_SCOPE
from pipelines.partitions import year_partitions
from pipelines.paths import Paths
from pipelines.resources import DirectoriesResource
from pipelines.sensors import delivery_sensor

ROWS = [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]]


def run_as_dagster_would(paths: Paths, instance: dg.DagsterInstance, first: str, last: str) -> dg.ExecuteInProcessResult:
    """The pipeline job over the years first–last in one run, without the command line:
    what the UI's single-run back-fill or a sensor's run request starts."""
    known = set(instance.get_dynamic_partitions(year_partitions.name))
    instance.add_dynamic_partitions(year_partitions.name, sorted({first, last} - known))
    job = build_definitions(paths).resolve_job_def("pipeline")
    tags = {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last}
    return job.execute_in_process(instance=instance, tags=tags, raise_on_error=False)


def recorded(paths: Paths) -> dict[str, str]:
    """The delivery scopes of the completed state; checks the code's fingerprint is this code's."""
    state = dict(query(paths.warehouse, "SELECT scope, fingerprint FROM raw.completed_input_state"))
    assert state.pop(CODE_SCOPE) == code_fingerprint()
    return state


def cli_run(paths: Paths) -> list[str]:
    """`yingcai run` in a fresh interpreter; its last line says whether Dagster was loaded."""
    code = (
        "import sys\nfrom pipelines.cli import main\n"
        f"status = main(['run', '--input', {str(paths.input)!r}, '--output', {str(paths.output)!r}])\n"
        "print('dagster loaded' if 'dagster' in sys.modules else 'dagster not loaded')\nsys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def sensor_requests(paths: Paths, instance: dg.DagsterInstance) -> list[str]:
    directories = DirectoriesResource(input_dir=str(paths.input), output_dir=str(paths.output))
    context = dg.build_sensor_context(instance=instance, resources={"directories": directories})
    return [r.partition_key for r in delivery_sensor(context).run_requests]


def test_a_run_started_without_the_command_line_records_its_input(tmp_path):
    paths = Paths(input_dir=tmp_path / "in", output_dir=tmp_path / "out")
    write_csv(paths.input / "2019" / "考核.csv", ROWS)
    changing = write_csv(paths.input / "2020" / "考核.csv", ROWS)
    instance = dg.DagsterInstance.ephemeral()

    assert run_as_dagster_would(paths, instance, "2019", "2020").success
    assert recorded(paths) == fingerprints_of(scan(paths.input, {}))
    lines = cli_run(paths)
    assert lines[0].startswith("yingcai run: no delivery changed since the last completed run")
    assert lines[-1] == "dagster not loaded"  # the summary path of the command line is plain
    assert sensor_requests(paths, instance) == []

    write_csv(changing, [*ROWS, ["2", "结业", "优秀"]])
    before = recorded(paths)
    assert sensor_requests(paths, instance) == ["2020"]
    assert run_as_dagster_would(paths, instance, "2020", "2020").success  # the sensor's run
    after = recorded(paths)
    assert after["2019"] == before["2019"] and after["2020"] != before["2020"]
    assert after == fingerprints_of(scan(paths.input, {}))
    assert cli_run(paths)[0].startswith("yingcai run: no delivery changed since the last completed run")
    assert sensor_requests(paths, instance) == []


def test_a_failed_run_records_nothing(tmp_path):
    paths = Paths(input_dir=tmp_path / "in", output_dir=tmp_path / "out")
    write_csv(paths.input / "2019" / "考核.csv", ROWS)
    (paths.output / "analytics.duckdb" / "x").mkdir(parents=True)  # publishing cannot replace a folder
    assert not run_as_dagster_would(paths, dg.DagsterInstance.ephemeral(), "2019", "2019").success
    assert query(
        paths.warehouse,
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = 'completed_input_state'",
    ) == [(0,)]
