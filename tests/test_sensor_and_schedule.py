"""The delivery sensor and the annual schedule, evaluated with Dagster's testing APIs
against a real temporary input directory."""

import datetime as dt
import os

import dagster as dg
import pytest
from filemaker import write_csv

from pipelines.partitions import year_partitions
from pipelines.deliveries_state import fingerprints_of, scan
from pipelines.raw.completed_input_state import record_completed_run
from pipelines.resources import DirectoriesResource
from pipelines.schedules import annual_assessment_schedule
from pipelines.sensors import REASON_TAG, TRIGGER_TAG, delivery_sensor
from pipelines.warehouse import connect

ROWS = [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]]


class SensorHarness:
    """The sensor ticking as the daemon runs it: a request whose run key was used before
    is dropped; `complete(years)` records what a completed run over those years records."""

    def __init__(self, tmp_path):
        self.input = tmp_path / "in"
        self.input.mkdir()
        self.output = tmp_path / "out"
        self.directories = DirectoriesResource(input_dir=str(self.input), output_dir=str(self.output))
        self.instance = dg.DagsterInstance.ephemeral()
        self.cursor = None
        self.run_keys = set()

    def tick(self) -> list[dg.RunRequest]:
        context = dg.build_sensor_context(
            instance=self.instance, cursor=self.cursor, resources={"directories": self.directories}
        )
        result = delivery_sensor(context)
        self.cursor = result.cursor
        for request in result.dynamic_partitions_requests:
            self.instance.add_dynamic_partitions(year_partitions.name, list(request.partition_keys))
        new = [r for r in result.run_requests if r.run_key not in self.run_keys]
        self.run_keys |= {r.run_key for r in new}
        return new

    def complete(self, *years: int) -> None:
        with connect(self.directories.warehouse) as con:
            record_completed_run(con, fingerprints_of(scan(self.input, {})), list(years))

    def years_requested(self, requests) -> list[str]:
        return [r.partition_key for r in requests]


@pytest.fixture
def sensor(tmp_path):
    return SensorHarness(tmp_path)


def test_a_new_file_requests_exactly_one_run_for_its_year(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    first = sensor.tick()
    assert sensor.years_requested(first) == ["2019"]
    assert first[0].tags[TRIGGER_TAG] == "delivery_sensor"
    assert first[0].tags[REASON_TAG] == "year 2019 added"
    assert "2019" in sensor.instance.get_dynamic_partitions(year_partitions.name)
    write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    assert sensor.years_requested(sensor.tick()) == ["2020"]


def test_an_unchanged_directory_requests_nothing(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.tick()
    assert sensor.tick() == []


def test_a_touched_file_with_the_same_content_requests_nothing(sensor):
    path = write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.tick()
    later = dt.datetime.now().timestamp() + 100
    os.utime(path, (later, later))
    assert sensor.tick() == []


def test_changed_and_removed_files_request_a_run_for_their_year(sensor):
    path = write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    other = write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    sensor.tick()
    sensor.complete(2019, 2020)
    write_csv(path, [*ROWS, ["2", "结业", "优秀"]])
    changed = sensor.tick()
    assert sensor.years_requested(changed) == ["2019"]
    assert changed[0].tags[REASON_TAG] == "year 2019 changed"
    sensor.complete(2019)
    other.unlink()
    removed = sensor.tick()
    assert sensor.years_requested(removed) == ["2020"]
    assert removed[0].tags[REASON_TAG] == "year 2020 removed"


def test_a_changed_reference_table_requests_every_year(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    sensor.tick()
    sensor.complete(2019, 2020)
    write_csv(sensor.input / "reference" / "mentors.csv", [["mentor_id"], ["M1"]])
    assert sensor.years_requested(sensor.tick()) == ["2019", "2020"]


def test_a_run_completed_elsewhere_leaves_the_sensor_nothing_to_request(sensor):
    """A run from the command line or the UI records its input: the sensor compares
    against that record, not against what it saw itself."""
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.complete(2019)
    assert sensor.tick() == []


def test_a_change_undone_before_its_run_completed_requests_nothing_more(sensor):
    path = write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.complete(2019)
    write_csv(path, [*ROWS, ["2", "结业", "优秀"]])
    assert sensor.years_requested(sensor.tick()) == ["2019"]
    write_csv(path, ROWS)  # back to what the last completed run processed
    assert sensor.tick() == []
    write_csv(path, [*ROWS, ["3", "结业", "合格"]])
    assert sensor.years_requested(sensor.tick()) == ["2019"]


def test_annual_schedule_runs_the_year_ending_and_skips_a_year_without_deliveries():
    december = dt.datetime(2025, 12, 1, 6, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(year_partitions.name, ["2025"])
        request = annual_assessment_schedule(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=december)
        )
        assert request.partition_key == "2025"
        assert request.tags[TRIGGER_TAG] == "annual_assessment_schedule"
        skipped = annual_assessment_schedule(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=december.replace(year=2026))
        )
        assert isinstance(skipped, dg.SkipReason)
