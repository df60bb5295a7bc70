"""A `yingcai run` killed with SIGKILL, then run again, leaves what one clean run leaves.

The kill lands inside a chosen step: the test watches the run's event log in a Dagster
instance of its own (DAGSTER_HOME, which `yingcai run` uses when set) for the step's
STEP_START, waits a share of that step's duration in a reference run (or for a file the
step makes), kills the process group, and reads the log again to be sure the step never
ended. Between the kill and the re-run it checks what a reader would find: the killed
step's tables wholly as before or wholly as after, every other table as before or as
after, every file logged as loaded holding its rows, the published workbooks and
analytics.duckdb whole, the writer lock free. After the re-run: every table, every file
under restricted/, analytics.duckdb and the list of files under the output equal the
clean run's."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import python_calamine
from warehouse_state import query, table_checksums, without_history

from pipelines.contract.columns import ALL_COLUMNS
from pipelines.definitions import defs
from pipelines.demo import GeneratorOptions, generate
from pipelines.jobs import pipeline_job
from pipelines.locking import acquire_writer_lock, release_writer_lock
from pipelines.stewardship.summaries import SUMMARY_SUFFIX
from pipelines.stewardship.workbooks import MANIFEST_NAME

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
KEY = "crash-safety-test-key-0123456789abcdef"
INSTANCE_CONFIG = Path(__file__).resolve().parents[1] / "pipelines" / "dagster.yaml"
WAREHOUSE = "warehouse.duckdb"
ANALYTICS = "analytics.duckdb"
RESTRICTED = "restricted"
PUBLISHED_WORKBOOKS = "rejections"
VALIDATION_DOCS = "validation"
# Columns that differ between two runs over the same input by design.
WAREHOUSE_RUN_COLUMNS = ("ingested_at",)
ANALYTICS_RUN_COLUMNS = ("ingested_at", "published_at", "run_id")

# --------------------------------------------------------------------------------------
# Where to kill: a step, found from the definitions so that the test follows the code.

GRAPH = defs.resolve_asset_graph()


def step_of(key: dg.AssetKey) -> str:
    return GRAPH.get(key).assets_def.node_def.name


def steps_of_group(group: str) -> set[str]:
    return {step_of(k) for k in GRAPH.get_all_asset_keys() if GRAPH.get(k).group_name == group}


INGEST_STEPS = {step_of(dg.AssetKey(["raw", "cohort"]))}
# Metric materialisation: the marts once they exist, else the last core table.
METRIC_STEPS = steps_of_group("marts") or {step_of(dg.AssetKey(["core", "person_years"]))}
WORKBOOK_STEPS = {step_of(dg.AssetKey(["restricted", "rejection_workbooks"]))}
PUBLISH_STEPS = steps_of_group("publish")


def tables_of_step(step: str) -> list[str]:
    """The warehouse tables a step's assets are (asset key [schema, name])."""
    return sorted(
        ".".join(k.path) for k in GRAPH.get_all_asset_keys()
        if len(k.path) == 2 and step_of(k) == step and GRAPH.get(k).is_materializable
    )


# --------------------------------------------------------------------------------------
# Deliveries: the full one, and an earlier state of it with a file missing (added since),
# a file shorter (replaced since) and a file more (removed since).


@dataclass(frozen=True)
class Reference:
    """What a run leaves: table checksums, the files under restricted/, analytics.duckdb."""

    tables: dict
    restricted: dict
    analytics: dict | None
    listing: set[str]
    step_seconds: dict[str, float]
    step_order: list[str]
    run: dg.DagsterRun  # as the instance under DAGSTER_HOME recorded it


@dataclass(frozen=True)
class Deliveries:
    root: Path
    full: Path
    earlier: Path
    earlier_output: Path
    clean: Reference  # full input into an empty output
    update: Reference  # full input over the earlier delivery's output


def earlier_state_of(full: Path, earlier: Path) -> None:
    shutil.copytree(full, earlier)
    first_csv(earlier / "2015", "followup").unlink()
    replaced = first_csv(earlier / "2014", "training")
    replaced.write_bytes(b"".join(replaced.read_bytes().splitlines(keepends=True)[:-5]))
    shutil.copy(first_csv(earlier / "2013", "assessment"), earlier / "2013" / "assessment_补报.csv")


def first_csv(folder: Path, keyword: str) -> Path:
    return sorted(p for p in folder.glob("*.csv") if keyword in p.name.lower())[0]


def environment(dagster_home: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["YINGCAI_PSEUDONYM_KEY"] = KEY
    if dagster_home is not None:
        env["DAGSTER_HOME"] = str(dagster_home)
    return env


def new_instance(dagster_home: Path) -> dg.DagsterInstance:
    """The project's instance configuration in a folder of its own; its storage is made
    here, before the run, so that two processes never create it at once."""
    dagster_home.mkdir(parents=True)
    shutil.copy(INSTANCE_CONFIG, dagster_home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(dagster_home))


def start_run(input_dir: Path, output: Path, dagster_home: Path | None) -> subprocess.Popen:
    return subprocess.Popen(
        [YINGCAI, "run", "--input", str(input_dir), "--output", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=environment(dagster_home), start_new_session=True,  # its own process group
    )


def finish(process: subprocess.Popen) -> None:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, (out + err)[-3000:]


STEP_EVENTS = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}


def step_events(instance: dg.DagsterInstance, run_id: str, timed: bool = False) -> list[tuple]:
    """(event type, step[, time]) of the run's step starts and ends, in order."""
    return [
        (e.dagster_event.event_type_value, e.step_key, *((e.timestamp,) if timed else ()))
        for e in instance.all_logs(run_id, of_type=STEP_EVENTS)
    ]


def only_run_id(instance: dg.DagsterInstance) -> str | None:
    records = instance.get_run_records(limit=2)
    assert len(records) <= 1
    return records[0].dagster_run.run_id if records else None


def reference_run(input_dir: Path, output: Path, dagster_home: Path, alongside=None) -> Reference:
    """A whole run, watched in its own instance; `alongside` (a started run) is waited
    for too."""
    with new_instance(dagster_home) as instance:
        finish(start_run(input_dir, output, dagster_home))
        if alongside is not None:
            finish(alongside)
        run = instance.get_run_by_id(only_run_id(instance))
        events = step_events(instance, run.run_id, timed=True)
    started = {step: at for kind, step, at in events if kind == "STEP_START"}
    seconds = {step: at - started[step] for kind, step, at in events if kind == "STEP_SUCCESS"}
    order = [step for kind, step, _ in events if kind == "STEP_START"]
    return Reference(*outputs_of(output), seconds, order, run)


def outputs_of(output: Path) -> tuple[dict, dict, dict | None, set[str]]:
    analytics = output / ANALYTICS
    return (
        warehouse_state(output / WAREHOUSE),
        restricted_files(output / RESTRICTED),
        analytics_state(analytics) if analytics.exists() else None,
        listing(output),
    )


def listing(output: Path) -> set[str]:
    """Every path under the output (so a left-over temporary file shows), but for the
    Data Docs, which keep a result per run, killed runs' too."""
    return {
        path.relative_to(output).as_posix() for path in output.rglob("*")
        if path.relative_to(output).parts[0] != VALIDATION_DOCS
    }


def analytics_state(analytics: Path) -> dict[str, tuple]:
    return table_checksums(analytics, ignore_columns=ANALYTICS_RUN_COLUMNS)


def warehouse_state(warehouse: Path) -> dict[str, tuple]:
    """Table checksums (without ingestion times), raw.delivered_files split into the part
    the yearly ingest writes and the part the reference ingest writes: two steps."""
    if not warehouse.exists():
        return {}
    state = table_checksums(warehouse, exclude=("raw.delivered_files",), ignore_columns=WAREHOUSE_RUN_COLUMNS)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        exists = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = 'delivered_files'"
        ).fetchone()[0]
        for part, condition in (("years", "year IS NOT NULL"), ("reference", "year IS NULL")):
            state[f"raw.delivered_files[{part}]"] = con.execute(
                "SELECT count(*), coalesce(md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR))), '') "
                f"FROM (SELECT * EXCLUDE (ingested_at) FROM raw.delivered_files WHERE {condition}) t"
            ).fetchone() if exists else (0, "")
    return state


def restricted_files(folder: Path) -> dict[str, object]:
    """Every entry under restricted/: a workbook as its cells (the file's bytes carry a
    creation time), any other file as its bytes, a folder as None."""
    files: dict[str, object] = {}
    if not folder.exists():
        return files
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            files[relative] = None
        elif path.suffix == ".xlsx":
            files[relative] = workbook_cells(path)
        else:
            files[relative] = path.read_bytes()
    return files


def published_workbooks(output: Path) -> dict[str, object]:
    """restricted_files of the published set of workbooks only: a set being built beside
    it may hold a workbook cut short by the kill."""
    folder = output / RESTRICTED / PUBLISHED_WORKBOOKS
    if not folder.exists():
        return {}
    return {PUBLISHED_WORKBOOKS: None} | {
        f"{PUBLISHED_WORKBOOKS}/{name}": value for name, value in restricted_files(folder).items()
    }


def workbook_cells(path: Path) -> list:
    """Every sheet's cells; raises if the workbook is not whole."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory) -> Deliveries:
    root = tmp_path_factory.mktemp("crash")
    full, earlier = root / "full", root / "earlier"
    generate(full, GeneratorOptions(seed=5, years=(2013, 2015), students_per_year=20, csv_only=True))
    earlier_state_of(full, earlier)
    # The clean run and the earlier delivery's run write different outputs: at once.
    earlier_run = start_run(earlier, root / "earlier-output", None)
    clean = reference_run(full, root / "clean", root / "home-clean", alongside=earlier_run)
    shutil.copytree(root / "earlier-output", root / "update", symlinks=True)
    update = reference_run(full, root / "update", root / "home-update")
    return Deliveries(root, full, earlier, root / "earlier-output", clean, update)


def test_a_run_over_an_earlier_delivery_equals_a_clean_run(deliveries):
    """The premise of every case below: updating equals building afresh, but for the
    history of the input (each file's versions, what a replacement changed, and the unit
    summaries that show it), which only the update has."""
    update, clean = deliveries.update, deliveries.clean
    assert without_history(update.tables) == without_history(clean.tables)
    assert without_summaries(update.restricted) == without_summaries(clean.restricted)
    assert without_history(update.analytics) == without_history(clean.analytics)
    assert update.listing == clean.listing
    replaced = query(deliveries.root / "update" / WAREHOUSE, "SELECT file_path FROM audit.file_units WHERE version = 2")
    assert replaced and all("training" in path.lower() for (path,) in replaced)


def without_summaries(files: dict) -> dict:
    """restricted_files without the unit summaries (they show the re-deliveries) and the
    manifest that holds their digests."""
    return {name: value for name, value in files.items()
            if not name.endswith(SUMMARY_SUFFIX) and not name.endswith(MANIFEST_NAME)}


# --------------------------------------------------------------------------------------
# The cases: which step, how far into it, and over what.


@dataclass(frozen=True)
class Kill:
    steps: set[str]
    share: float  # of the step's duration in the reference run, after its STEP_START
    appears: str | None = None  # or: as soon as a path matching this glob (under the output) appears


# A chain kills a run inside a step, checks what a reader finds, then kills the next run
# over what the kill left inside the next step, and so on; one last run must leave what
# one clean run leaves. Each kill is checked as if it were the only one (its tables
# wholly as before it or as after a whole run); a chain spares the re-run after each.
CHAINS = {
    "into-an-empty-output": (False, (
        Kill(INGEST_STEPS, 0.0),  # ingest at its start
        # While the new set of workbooks is being built beside the published one.
        Kill(WORKBOOK_STEPS, 0.0, appears="restricted/.rejections.*"),
    )),
    "over-an-earlier-delivery": (True, (
        Kill(INGEST_STEPS, 0.5),
        Kill(METRIC_STEPS, 0.5),
        # analytics.duckdb, once the publish layer is part of the definitions
        *((Kill(PUBLISH_STEPS, 0.5),) if PUBLISH_STEPS else ()),
    )),
}


def kill_inside(
    process: subprocess.Popen, instance: dg.DagsterInstance, target: str, delay: float,
    output: Path, appears: str | None,
) -> bool:
    """SIGKILL the run's process group `delay` seconds after `target`'s STEP_START (and
    after a path matching `appears` exists); True when the kill landed inside the step:
    the event log, read after the kill, shows the step started and never ended."""
    deadline = time.monotonic() + 600
    run_id = None
    while not (run_id and ("STEP_START", target) in step_events(instance, run_id)):
        assert process.poll() is None, f"the run ended before step {target} started: {process.communicate()}"
        assert time.monotonic() < deadline, f"step {target} never started"
        run_id = run_id or only_run_id(instance)
        time.sleep(0.005)
    while appears and not any(output.glob(appears)) and process.poll() is None:
        time.sleep(0.001)
    time.sleep(delay)
    if process.poll() is not None:  # the whole run ended first
        process.communicate()
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    return [kind for kind, step in step_events(instance, run_id) if step == target] == ["STEP_START"]


def assert_logged_files_have_their_rows(warehouse: Path) -> None:
    """raw.delivered_files and the raw rows commit together: a file logged as loaded has
    exactly its rows_read rows of that content (SHA-256) in raw.<source>, and no raw row
    belongs to a file the log does not hold. Otherwise a re-run would skip a file whose
    rows never arrived."""
    if not warehouse.exists():
        return
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()}
        if "delivered_files" not in tables:
            return
        logged = con.execute(
            "SELECT file_path, source, sha256, rows_read FROM raw.delivered_files WHERE status = 'loaded'"
        ).fetchall()
        for file_path, source, sha256, rows_read in logged:
            assert con.execute(
                f"SELECT count(*) FROM raw.{source} WHERE file_path = ? AND file_sha256 = ?", [file_path, sha256]
            ).fetchone()[0] == rows_read, file_path
        for source in sorted(tables & set(ALL_COLUMNS)):  # raw.<source>, one per source
            assert con.execute(
                f"SELECT count(*) FROM raw.{source} ANTI JOIN raw.delivered_files USING (file_path)"
            ).fetchone()[0] == 0, source


@pytest.mark.parametrize("chain", CHAINS.values(), ids=CHAINS.keys())
def test_runs_killed_inside_steps_one_after_another_then_run_again_equal_a_clean_run(deliveries, tmp_path, chain):
    over_earlier, kills = chain
    reference = deliveries.update if over_earlier else deliveries.clean
    start = deliveries.earlier_output if over_earlier else None
    for number, kill in enumerate(kills):
        start, home = kill_and_check(deliveries.full, reference, kill, start, tmp_path / f"kill{number}")
    output = start

    # Run again: the result is the uninterrupted run's (the clean run's, but for the input's
    # history over an earlier delivery), with nothing left over.
    finish(start_run(deliveries.full, output, home))
    assert not (output / f"{WAREHOUSE}.wal").exists()
    tables, restricted, analytics, paths = outputs_of(output)
    assert tables == reference.tables
    assert restricted == reference.restricted
    assert analytics == reference.analytics
    assert paths == reference.listing
    release_writer_lock(acquire_writer_lock(output, wait=False))


def kill_and_check(full: Path, reference: Reference, case: Kill, start: Path | None, folder: Path) -> tuple[Path, Path]:
    """A run over a copy of `start` (or into an empty output) killed inside the case's
    step, and what a reader finds checked; returns the output left and its instance's
    home."""
    # The first of the case's steps to start in the reference run, and its duration there.
    target = next(step for step in reference.step_order if step in case.steps)
    # A step can run faster than it did in the reference run: a kill that came too late
    # is tried again, from the start, sooner.
    for attempt, share in enumerate((case.share, case.share / 3, 0.0)):
        output, home = folder / f"attempt{attempt}" / "output", folder / f"attempt{attempt}" / "dagster_home"
        if start is not None:
            shutil.copytree(start, output, symlinks=True)
        before_tables, _, before_analytics, _ = (
            outputs_of(output) if output.exists() else ({}, {}, None, set())
        )
        before_published = published_workbooks(output)
        with new_instance(home) as instance:
            process = start_run(full, output, home)
            delay = share * reference.step_seconds[target]
            if kill_inside(process, instance, target, delay, output, case.appears):
                break
    else:
        pytest.fail(f"no kill landed inside step {target}")

    # What a reader finds after the kill.
    release_writer_lock(acquire_writer_lock(output, wait=False))  # the kernel freed the lock
    tables = warehouse_state(output / WAREHOUSE)  # opens the file as it was left, WAL and all
    assert_logged_files_have_their_rows(output / WAREHOUSE)
    killed_tables = tables_of_step(target) + (["raw.delivered_files[years]"] if target in INGEST_STEPS else [])
    assert [tables.get(t, (0, "")) for t in killed_tables] in (
        [before_tables.get(t, (0, "")) for t in killed_tables],
        [reference.tables.get(t, (0, "")) for t in killed_tables],
    ), "the killed step's tables are neither wholly as before nor wholly as after"
    for name, checksum in tables.items():
        assert checksum in (before_tables.get(name, (0, "")), reference.tables.get(name, (0, ""))), name
    assert published_workbooks(output) in (
        before_published,
        {k: v for k, v in reference.restricted.items() if k.split("/")[0] == PUBLISHED_WORKBOOKS},
        {},  # killed between moving the old set aside and the new set in: none, not a mixture
    )
    if (output / ANALYTICS).exists():
        assert analytics_state(output / ANALYTICS) in (
            before_analytics, reference.analytics,
        )

    return output, home


def test_dagster_home_makes_command_line_runs_visible_in_the_instance(deliveries):
    """With DAGSTER_HOME set, `yingcai run` records its run (steps, logs,
    materialisations) in that instance, where the UI shows it."""
    run = deliveries.clean.run
    assert (run.job_name, run.status, run.tags["yingcai/trigger"]) == (
        pipeline_job.name, dg.DagsterRunStatus.SUCCESS, "command_line",
    )
    assert set(deliveries.clean.step_order) >= INGEST_STEPS | METRIC_STEPS | WORKBOOK_STEPS
