"""One workbook per delivered file with rejected rows, in the file's own terms: the row
number a person sees in Excel, the reason in Chinese and English, the column under its
Chinese header, and the cells as delivered. Every cell is written as text, so a delivered
value beginning with '=' can never become a formula."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import xlsxwriter

from pipelines.contract.columns import SOURCE_COLUMNS
from pipelines.contract.reasons import REASON_DESCRIPTIONS
from pipelines.warehouse import sql_file

WORKBOOK_SUFFIX = ".退回.xlsx"
# Text stays text; in_memory avoids xlsxwriter's temporary files, whose removal costs
# twenty times the writing of a small workbook. A large one is written in constant_memory
# mode instead: each row goes to its temporary file as it is written, rather than a
# million cell objects waiting for close() (the run's peak memory at national scale).
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_numbers": False}
WORKBOOK_OPTIONS = {**TEXT_ONLY, "in_memory": True}
CONSTANT_MEMORY_ROWS = 10_000
FILE_REJECTIONS_WORKBOOK = "文件级退回.xlsx"


# A workbook's path must be one the file system takes: a name of at most 255 bytes, and
# a path well short of PATH_MAX (4096) once the output directory comes before it.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 1024


def workbook_name(file_path: str) -> str:
    """Where the workbook of a delivered file goes under rejections/: the file's own path
    and the suffix (2019/cohort_广东.xlsx.退回.xlsx), mirroring the delivery. A path the
    file system would refuse (a file name too long once the suffix is added, folders
    nested too deep) becomes a short name in its year folder instead: a digest of the
    path, unique, and the start of the file name, recognisable."""
    name = file_path + WORKBOOK_SUFFIX
    parts = name.split("/")
    if len(name.encode()) <= MAX_PATH_BYTES and all(len(p.encode()) <= MAX_NAME_BYTES for p in parts):
        return name
    digest = hashlib.sha256(file_path.encode()).hexdigest()[:16]
    start = parts[-1].encode()[:120].decode(errors="ignore")
    return f"{parts[0]}/{digest}_{start}{WORKBOOK_SUFFIX}"


def _canonical(source: str) -> dict[str, str]:
    return {c.name: c.canonical or c.name for c in SOURCE_COLUMNS[source]}


def write_workbook(path: Path, source: str, rejected: list[tuple]) -> None:
    """`rejected`: (row_number, reason, column_name, raw_values JSON) of one file."""
    headers = _canonical(source)
    rows = [(number, reason, column, json.loads(values) if values else {}) for number, reason, column, values in rejected]
    extra_labels = sorted({label for *_, values in rows for label in _extras(values)})
    path.parent.mkdir(parents=True, exist_ok=True)
    # Row-by-row temporary files go beside the workbook: restricted data never leaves
    # the output directory (xlsxwriter would use the system's temporary directory).
    options = (
        {**TEXT_ONLY, "constant_memory": True, "tmpdir": str(path.parent)}
        if len(rows) >= CONSTANT_MEMORY_ROWS
        else WORKBOOK_OPTIONS
    )
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "退回行 rejected rows"})
    sheet = book.add_worksheet("退回行")
    bold = book.add_format({"bold": True})
    titles = ["行号 row", "原因 reason", "说明", "reason", "问题列 column", *headers.values(), *extra_labels]
    sheet.write_row(0, 0, titles, bold)
    for r, (number, reason, column, values) in enumerate(rows, start=1):
        chinese, english = REASON_DESCRIPTIONS[reason]
        extras = _extras(values)
        cells = [
            str(number), reason, chinese, english, headers.get(column, column or ""),
            *(values.get(name) for name in headers), *(extras.get(label) for label in extra_labels),
        ]
        for c, cell in enumerate(cells):
            if cell is not None:
                sheet.write_string(r, c, str(cell))
    sheet.freeze_panes(1, 0)
    book.close()


# xlsxwriter is pure Python (about 250,000 cells a second on one core, and ~2 ms for each
# workbook's package): with this many rejected rows in all, the workbooks are written by
# one worker process per core, each started in ~0.1 s (the demo's 13,000 rows in 722
# workbooks: 1.45 s here, 0.96 s by two workers).
PARALLEL_MIN_ROWS = 5_000
MAX_WORKERS = 4

# (workbook path, source, rows as `write_workbook` takes them)
WorkbookJob = tuple[Path, str, list[tuple]]


def write_workbooks(jobs: list[WorkbookJob]) -> None:
    """Write every workbook of `jobs`: here, or in worker processes when there are many
    rows (`python -m pipelines.stewardship.workers`, jobs pickled on their stdin — not
    multiprocessing, which would run the caller's __main__ again in each worker)."""
    rows = sum(len(job[2]) for job in jobs)
    workers = min(os.cpu_count() or 1, MAX_WORKERS, len(jobs))
    if rows < PARALLEL_MIN_ROWS or workers <= 1:
        write_here(jobs)
        return
    shares = _balanced(jobs, workers)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines.stewardship.workers"],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in shares
    ]
    with ThreadPoolExecutor(len(processes)) as feeders:  # one writes while another reads
        outcomes = list(feeders.map(
            lambda pair: pair[0].communicate(pickle.dumps(pair[1], pickle.HIGHEST_PROTOCOL)),
            zip(processes, shares),
        ))
    for process, (_, error) in zip(processes, outcomes):
        if process.returncode != 0:
            last_line = (error.decode(errors="replace").strip().splitlines() or ["killed"])[-1]
            raise RuntimeError(f"a workbook worker failed: {last_line}")


def write_here(jobs: list[WorkbookJob]) -> None:
    with _collector_paused():
        for job in jobs:
            write_workbook(*job)


def _balanced(jobs: list[WorkbookJob], bins: int) -> list[list[WorkbookJob]]:
    """Jobs dealt largest first to the bin with the fewest rows so far."""
    shares: list[list[WorkbookJob]] = [[] for _ in range(bins)]
    loads = [0] * bins
    for job in sorted(jobs, key=lambda job: -len(job[2])):
        lightest = loads.index(min(loads))
        shares[lightest].append(job)
        loads[lightest] += len(job[2])
    return [share for share in shares if share]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """xlsxwriter keeps every cell as an object until the workbook closes; the cyclic
    garbage collector would walk those millions of objects again and again (a third of
    the time at national scale) and find nothing: they are freed by reference count."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _extras(values: dict) -> dict:
    extras = values.get("extra_columns") or {}
    return json.loads(extras) if isinstance(extras, str) else extras


def write_file_rejections(path: Path, files: list[tuple]) -> None:
    """`files`: (file_path, reason, message) of every file rejected whole."""
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    sheet = book.add_worksheet("文件级退回")
    sheet.write_row(0, 0, ["文件 file", "原因 reason", "说明", "message"], book.add_format({"bold": True}))
    for r, (file_path, reason, message) in enumerate(files, start=1):
        for c, cell in enumerate((file_path, reason, REASON_DESCRIPTIONS[reason][0], message)):
            sheet.write_string(r, c, cell or "")
    book.close()


MANIFEST_NAME = ".contents.json"
# Every workbook's source, delivered file and content digest (with LAYOUT_VERSION).
REJECTION_CONTENTS_SQL = sql_file(__file__, "rejection_contents")
# Part of every workbook's content digest (REJECTION_CONTENTS_SQL): change
# it with write_workbook's layout, so that no workbook of the old layout is kept.
LAYOUT_VERSION = "2"


def read_manifest(folder: Path) -> dict[str, str]:
    """workbook name → content digest of the set in `folder` ({} when there is none)."""
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(folder: Path, digests: dict[str, str]) -> None:
    (folder / MANIFEST_NAME).write_text(json.dumps(digests, ensure_ascii=False), encoding="utf-8")


def link_unchanged(old: Path, new: Path) -> None:
    """Last run's workbook, its content unchanged, into the new set (a hard link)."""
    new.parent.mkdir(parents=True, exist_ok=True)
    os.link(old, new)


def replace_directory(target: Path, build) -> None:
    """Build a directory's new content beside it, then swap it in, so a reader sees the
    old set or the new set, never a mixture."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # One fixed name, cleared first: a run killed while building leaves its half-built
    # set here, and the next run (one writer at a time) removes it, never piles them up.
    fresh = target.with_name(f".{target.name}.new")
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir(mode=0o700)  # restricted: names and national IDs
    try:
        build(fresh)
        old = target.with_name(f".{target.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh)
