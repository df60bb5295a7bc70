"""The delivery sensor and the annual schedule, evaluated with Dagster's testing APIs
against a real temporary input directory."""

import datetime as dt
import os

import dagster as dg
import pytest
from filemaker import write_csv

from pipelines.partitions import year_partitions
from pipelines.resources import DirectoriesResource
from pipelines.schedules import annual_assessment_schedule
from pipelines.sensors import REASON_TAG, TRIGGER_TAG, delivery_sensor

ROWS = [["身份证号", "考核类型", "考核结果"], ["1", "中期", "合格"]]


class SensorHarness:
    def __init__(self, tmp_path):
        self.input = tmp_path / "in"
        self.input.mkdir()
        self.directory = DirectoriesResource(input_dir=str(self.input), output_dir=str(tmp_path / "out"))
        self.instance = dg.DagsterInstance.ephemeral()
        self.cursor = None

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(
            instance=self.instance, cursor=self.cursor, resources={"directories": self.directory}
        )
        result = delivery_sensor(context)
        self.cursor = result.cursor
        for request in result.dynamic_partitions_requests:
            self.instance.add_dynamic_partitions(year_partitions.name, list(request.partition_keys))
        return result

    def years_requested(self, result) -> list[str]:
        return [r.partition_key for r in result.run_requests]


@pytest.fixture
def sensor(tmp_path):
    return SensorHarness(tmp_path)


def test_a_new_file_requests_exactly_one_run_for_its_year(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    first = sensor.tick()
    assert sensor.years_requested(first) == ["2019"]
    assert first.run_requests[0].tags[TRIGGER_TAG] == "delivery_sensor"
    assert first.run_requests[0].tags[REASON_TAG] == "year 2019 added"
    assert "2019" in sensor.instance.get_dynamic_partitions(year_partitions.name)
    write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    assert sensor.years_requested(sensor.tick()) == ["2020"]


def test_an_unchanged_directory_requests_nothing(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.tick()
    assert sensor.tick().run_requests == []


def test_a_touched_file_with_the_same_content_requests_nothing(sensor):
    path = write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    sensor.tick()
    later = dt.datetime.now().timestamp() + 100
    os.utime(path, (later, later))
    assert sensor.tick().run_requests == []


def test_changed_and_removed_files_request_a_run_for_their_year(sensor):
    path = write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    other = write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    sensor.tick()
    write_csv(path, [*ROWS, ["2", "结业", "优秀"]])
    changed = sensor.tick()
    assert sensor.years_requested(changed) == ["2019"]
    assert changed.run_requests[0].tags[REASON_TAG] == "year 2019 changed"
    other.unlink()
    removed = sensor.tick()
    assert sensor.years_requested(removed) == ["2020"]
    assert removed.run_requests[0].tags[REASON_TAG] == "year 2020 removed"


def test_a_changed_reference_table_requests_every_year(sensor):
    write_csv(sensor.input / "2019" / "考核.csv", ROWS)
    write_csv(sensor.input / "2020" / "考核.csv", ROWS)
    sensor.tick()
    write_csv(sensor.input / "reference" / "mentors.csv", [["mentor_id"], ["M1"]])
    assert sensor.years_requested(sensor.tick()) == ["2019", "2020"]


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
