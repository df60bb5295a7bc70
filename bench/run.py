"""`make bench`: the pipeline at national scale against the floor DuckDB sets.

Generates seeded csv-only deliveries once per scale into data/bench/ (20k, 60k and 200k
students over 2013–2025), then measures on this machine, in one run of this script:
- a full `yingcai run` (wall time, peak resident memory of the process tree, seconds per
  layer from the run's own step timings);
- an incremental run after one new year's delivery is added to an input that held the
  years before it;
- the floor: the DuckDB command line reading the same CSV files (every row of every
  source) and computing cohort sizes and Top-Notch events per cohort — the least work
  any correct pipeline must do;
- and the run of `make run` on the default demo delivery;
and writes the table with the ratios to docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CACHE = ROOT / "data" / "bench"
YEARS = (2013, 2025)
SCALES = {"20k": 20_000, "60k": 60_000, "200k": 200_000}
KEY = "benchmark-pseudonym-key-not-secret-0123456789"
LAYERS = ("ingest", "staging and rules", "validation", "core", "metrics", "publish", "dashboards and report")


def delivery(students: int) -> Path:
    """The cached csv-only delivery of a scale (generated on first use)."""
    per_year = round(students / (YEARS[1] - YEARS[0] + 1))
    return cached_demo_data(
        CACHE / f"{students}" / "input",
        "--csv-only", "--seed", "7", "--years", f"{YEARS[0]}-{YEARS[1]}",
        "--students-per-year", str(per_year), "--without-rejected-files",
    )


def demo_delivery() -> Path:
    """The default demo delivery of `make run` (every format and encoding)."""
    return cached_demo_data(CACHE / "demo" / "input")


def cached_demo_data(target: Path, *options: str) -> Path:
    """`yingcai demo-data` into `target` on first use (through a partial folder, so an
    interrupted generation is never taken for a finished one)."""
    if not target.exists():
        partial = target.with_name("input.partial")
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run([BIN / "yingcai", "demo-data", "--out", partial, *options], check=True,
                       stdout=subprocess.DEVNULL)
        partial.rename(target)
    return target


class PeakMemory:
    """Peak of the summed resident set of a process and its descendants, sampled."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_run(input_dir: Path, output_dir: Path) -> dict:
    timings = output_dir.parent / f"{output_dir.name}.timings.json"
    env = {**os.environ, "YINGCAI_PSEUDONYM_KEY": KEY}
    started = time.perf_counter()
    process = subprocess.Popen(
        [BIN / "yingcai", "run", "--input", input_dir, "--output", output_dir, "--timings", timings],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    memory = PeakMemory(process.pid)
    _, error = process.communicate()
    wall = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"yingcai run failed: {error.strip()}")
    steps = json.loads(timings.read_text())
    layers = {layer: 0.0 for layer in LAYERS}
    for step in steps:
        layers[step["layer"]] = layers.get(step["layer"], 0.0) + step["seconds"]
    return {"wall": wall, "peak_bytes": peak, "layers": layers}


FLOOR_SQL = """
CREATE TEMP TABLE cohort AS
    SELECT "身份证号" AS id, min(CAST(regexp_extract(filename, '/(\\d{4})/', 1) AS INTEGER)) AS cohort_year
    FROM read_csv('{input}/*/*cohort*.csv', all_varchar = true, filename = true)
    GROUP BY 1;
CREATE TEMP TABLE events AS
    SELECT "身份证号" AS id, min(TRY_CAST("调查年份" AS INTEGER)) AS event_year
    FROM read_csv('{input}/*/*followup*.csv', all_varchar = true, union_by_name = true)
    WHERE "是否入选拔尖计划" = '是'
    GROUP BY 1;
SELECT c.cohort_year, count(*) AS students, count(e.id) AS topnotch_events
FROM cohort c LEFT JOIN events e USING (id)
GROUP BY 1 ORDER BY 1;
-- Every other row is read too: a correct pipeline must look at each delivered row.
SELECT count(*) FROM read_csv('{input}/*/*applicants*.csv', all_varchar = true, union_by_name = true);
SELECT count(*) FROM read_csv('{input}/*/*training*.csv', all_varchar = true, union_by_name = true);
SELECT count(*) FROM read_csv('{input}/*/*assessment*.csv', all_varchar = true, union_by_name = true);
"""


def floor(input_dir: Path) -> float:
    """Seconds the DuckDB command line takes for the least work on the same files."""
    started = time.perf_counter()
    subprocess.run(
        [BIN / "duckdb", "-c", FLOOR_SQL.replace("{input}", str(input_dir))],
        check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def incremental(input_dir: Path, scratch: Path) -> dict:
    """Run on every year but the last, add the last year's folder, time the second run."""
    partial = scratch / "input_before"
    for year_dir in sorted(input_dir.iterdir()):
        if year_dir.name == str(YEARS[1]):
            continue
        shutil.copytree(year_dir, partial / year_dir.name, copy_function=os.link)
    timed_run(partial, scratch / "output_incremental")
    shutil.copytree(input_dir / str(YEARS[1]), partial / str(YEARS[1]), copy_function=os.link)
    return timed_run(partial, scratch / "output_incremental")


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated: 20k,60k,200k")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        demo = timed_run(demo_delivery(), Path(scratch) / "output_demo")
    print(f"demo (make run): {demo['wall']:.1f} s, peak {demo['peak_bytes'] / 2**30:.2f} GiB", flush=True)
    rows = []
    for label in args.scales.split(","):
        source = delivery(SCALES[label])
        with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
            scratch = Path(scratch)
            full = timed_run(source, scratch / "output_full")
            floor_seconds = floor(source)
            added_year = incremental(source, scratch)
        rows.append((label, full, floor_seconds, added_year))
        print(f"{label}: full {full['wall']:.1f} s, floor {floor_seconds:.2f} s, incremental {added_year['wall']:.1f} s, "
              f"peak {full['peak_bytes'] / 2**30:.2f} GiB", flush=True)
    write_report(rows, demo)


def write_report(rows, demo) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {time.strftime('%Y-%m-%d')}: {machine()}.",
        "Deliveries: seeded csv-only demo data, 13 cohorts (2013–2025). The floor is the DuckDB",
        "command line reading every row of the same CSV files and computing cohort sizes and",
        "Top-Notch events per cohort. All figures come from one run of the script.",
        "",
        f"The demo run of `make run` (default demo delivery, every format and encoding): "
        f"{demo['wall']:.1f} s, peak {demo['peak_bytes'] / 2**30:.2f} GiB.",
        "",
        "| scale | full run (s) | floor (s) | full / floor | incremental (s) | incremental / full | peak memory (GiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, full, floor_seconds, added_year in rows:
        lines.append(
            f"| {label} | {full['wall']:.1f} | {floor_seconds:.2f} | {full['wall'] / floor_seconds:.1f} | "
            f"{added_year['wall']:.1f} | {added_year['wall'] / full['wall']:.0%} | {full['peak_bytes'] / 2**30:.2f} |"
        )
    for title, run in (("full run", 1), ("incremental run", 3)):
        lines += ["", f"Seconds per layer of the {title} (from the run's own step timings):", ""]
        lines.append("| scale | " + " | ".join(LAYERS) + " |")
        lines.append("|---|" + "---|" * len(LAYERS))
        for row in rows:
            layers = row[run]["layers"]
            lines.append(f"| {row[0]} | " + " | ".join(f"{layers.get(layer, 0.0):.1f}" for layer in LAYERS) + " |")
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
