"""One workbook per delivered file with rejected rows or warnings, in the file's own
terms, for a steward to correct the file in one round:

- 退回行 (rejected rows): the row number a person sees in Excel; every rule the row
  breaks (code, Chinese, English; the first is the reason the row is counted under),
  the column under the file's own header text, what would be accepted
  (`pipelines.contract.accepted`), the row a duplicate repeats or the response that
  replaced it, then the delivered cells under the delivered headers (extra columns too);
- 提示 (warnings): accepted rows worth checking, with the delivered cell;
- 说明 (instructions): how to correct and re-deliver, what each reason code means, and
  the count by reason for this file.

duplicate_row and duplicate_response are judged among the rows that pass the other
rules: an identical copy of a rejected row breaks the same rule already and is listed
for that, so a steward fixes the rule first and then sees whether a duplicate remains.

Every cell is written as text, so a delivered value beginning with '=' can never become
a formula. `steward_formats` and `finish_sheet` are the shared look of the stewards'
workbooks (frozen header, filter, widths, A4 landscape print set-up)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipelines.contract.accepted import what_is_accepted
from pipelines.contract.columns import SOURCE_COLUMNS
from pipelines.contract.reasons import REASON_DESCRIPTIONS, ROW_REJECT_REASONS, ROW_WARN_REASONS
from pipelines.stewardship.contents import FileContents, RejectedRow

WORKBOOK_SUFFIX = ".退回.xlsx"
# Text stays text; in_memory avoids xlsxwriter's temporary files, whose removal costs
# twenty times the writing of a small workbook. A large one is written in constant_memory
# mode instead: each row goes to its temporary file as it is written, rather than a
# million cell objects waiting for close() (the run's peak memory at national scale).
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_numbers": False}
WORKBOOK_OPTIONS = {**TEXT_ONLY, "in_memory": True}
CONSTANT_MEMORY_ROWS = 10_000
FILE_REJECTIONS_WORKBOOK = "文件级退回.xlsx"
REJECTED_SHEET, WARNINGS_SHEET, INSTRUCTIONS_SHEET = "退回行", "提示", "说明"


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


# --- the shared look -------------------------------------------------------------------

MAX_WIDTH = 60  # characters; longer text wraps
MIN_WIDTH = 6


def steward_formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    """The formats of the stewards' workbooks: `header` (bold, shaded, wrapped), `text`
    (wrapped, top-aligned), `title` (a sheet's heading), `bold`."""
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "top"}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True, "valign": "top"}),
    }


def display_width(text: object) -> int:
    """Columns a cell's longest line takes: a CJK (wide) character counts two."""
    lines = str(text).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


class Widths:
    """The widest cell seen in each column, capped: fed as rows are written."""

    def __init__(self, headers: Sequence[str]):
        self.widths = [max(MIN_WIDTH, min(MAX_WIDTH, display_width(h) + 2)) for h in headers]

    def see(self, column: int, text: str) -> None:
        if column < len(self.widths):
            self.widths[column] = max(self.widths[column], min(MAX_WIDTH, display_width(text) + 2))


def finish_sheet(sheet: Worksheet, widths: Sequence[int], rows: int, title: str | None = None,
                 header_row: int = 0) -> None:
    """A table sheet as a steward opens and prints it: the header row (`header_row`)
    frozen and repeated on every printed page, a filter over the `rows` rows below it,
    column widths, A4 landscape fitted to the page width, and `title` (the delivered
    file) in the printed header with page numbers in the footer."""
    sheet.freeze_panes(header_row + 1, 0)
    if widths:
        sheet.autofilter(header_row, 0, header_row + rows, len(widths) - 1)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    if title:
        sheet.set_header(f"&L{_escaped(title)}&R&A")
    sheet.set_footer("&C第 &P 页，共 &N 页 page &P of &N")


def _escaped(text: str) -> str:
    return text.replace("&", "&&")


def write_text_row(sheet: Worksheet, row: int, cells: Sequence[object], fmt: Format | None,
                   widths: Widths | None = None) -> None:
    """Cells as text (None left empty): nothing delivered becomes a formula or a number."""
    for column, cell in enumerate(cells):
        if cell is None or cell == "":
            continue
        text = str(cell)
        sheet.write_string(row, column, text, fmt)
        if widths is not None:
            widths.see(column, text)


# --- one delivered file's workbook -----------------------------------------------------

@dataclass(frozen=True)
class WorkbookJob:
    path: Path
    contents: FileContents

    @property
    def size(self) -> int:
        return self.contents.size


REJECTED_TITLES = (
    "行号 row", "原因 reason", "说明", "meaning", "问题列 column", "应填写", "accepted",
    "相关文件 related file", "相关行 related row",
)
WARNING_TITLES = ("行号 row", "提示 warning", "说明", "meaning", "列 column", "建议", "suggested", "交付的值 delivered")


def _column_labels(contents: FileContents) -> dict[str, str]:
    """Contract column → its header as the file has it (the canonical Chinese header for
    a column the file lacks, e.g. a defaulted cohort_year)."""
    labels = {c.name: c.canonical or c.name for c in SOURCE_COLUMNS[contents.source]}
    return {**labels, **(contents.headers or {})}


def _delivered_columns(contents: FileContents) -> list[str]:
    """The contract columns the file delivered, in its own column order."""
    if contents.headers is not None:
        return list(contents.headers)
    return [c.name for c in SOURCE_COLUMNS[contents.source]]


def _extras(values: dict) -> dict:
    extras = values.get("extra_columns") or {}
    return json.loads(extras) if isinstance(extras, str) else extras


def _survey_year(values: dict, year: int) -> int:
    try:
        return int(float(values.get("survey_year") or year))
    except ValueError:
        return year


def rejected_cells(row: RejectedRow, contents: FileContents, labels: dict[str, str]) -> list[str]:
    """The explanation cells of one rejected row (REJECTED_TITLES), one line per rule."""
    lines = []
    for reason, column in row.reasons:
        chinese, english = REASON_DESCRIPTIONS[reason]
        accepted_zh, accepted_en = what_is_accepted(
            contents.source, reason, column, contents.year,
            survey_year=_survey_year(row.values, contents.year), person_cohort_year=row.person_cohort_year,
        )
        lines.append((reason, chinese, english, labels.get(column, "") if column else "（整行 whole row）",
                      accepted_zh, accepted_en))
    joined = ["\n".join(line[i] for line in lines) for i in range(6)]
    related_row = "" if row.related_row_number is None else str(row.related_row_number)
    return [str(row.row_number), *joined, row.related_file_path or "", related_row]


def write_workbook(path: Path, contents: FileContents) -> None:
    labels = _column_labels(contents)
    delivered = _delivered_columns(contents)
    extra_labels = sorted({label for row in contents.rejected for label in _extras(row.values)})
    path.parent.mkdir(parents=True, exist_ok=True)
    # Row-by-row temporary files go beside the workbook: restricted data never leaves
    # the output directory (xlsxwriter would use the system's temporary directory).
    options = (
        {**TEXT_ONLY, "constant_memory": True, "tmpdir": str(path.parent)}
        if contents.size >= CONSTANT_MEMORY_ROWS
        else WORKBOOK_OPTIONS
    )
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": f"退回行与提示 rejected rows and warnings: {contents.file_path}"})
    formats = steward_formats(book)
    title = contents.file_path

    sheet = book.add_worksheet(REJECTED_SHEET)
    titles = [*REJECTED_TITLES, *(labels[c] for c in delivered), *extra_labels]
    widths = Widths(titles)
    write_text_row(sheet, 0, titles, formats["header"])
    for r, row in enumerate(contents.rejected, start=1):
        extras = _extras(row.values)
        cells = [
            *rejected_cells(row, contents, labels),
            *(row.values.get(c) for c in delivered), *(extras.get(label) for label in extra_labels),
        ]
        write_text_row(sheet, r, cells, formats["text"], widths)
    finish_sheet(sheet, widths.widths, len(contents.rejected), title)

    sheet = book.add_worksheet(WARNINGS_SHEET)
    widths = Widths(WARNING_TITLES)
    write_text_row(sheet, 0, WARNING_TITLES, formats["header"])
    for r, warning in enumerate(contents.warnings, start=1):
        chinese, english = REASON_DESCRIPTIONS[warning.reason]
        suggested_zh, suggested_en = what_is_accepted(contents.source, warning.reason, warning.column, contents.year)
        cells = [str(warning.row_number), warning.reason, chinese, english,
                 labels.get(warning.column, "") if warning.column else "", suggested_zh, suggested_en, warning.value]
        write_text_row(sheet, r, cells, formats["text"], widths)
    finish_sheet(sheet, widths.widths, len(contents.warnings), title)

    _write_instructions(book.add_worksheet(INSTRUCTIONS_SHEET), formats, contents)
    book.close()


INSTRUCTIONS = (
    ("如何改正", "How to correct"),
    ("“退回行”列出未被接收的每一行：行号与 Excel 中看到的一致；一行违反几条规则就列出几条，"
     "第一条是计数所用的原因。请按“应填写”一栏改正所有列出的问题。",
     "退回行 lists every row that was not accepted, by the row number Excel shows; every rule the row "
     "breaks is listed, the first being the reason it is counted under. Correct every listed problem "
     "as the 'accepted' column says."),
    ("重复行（duplicate_row）与重复回答（duplicate_response）只在通过其他规则的行之间判断："
     "与一条已退回行完全相同的行，按同一规则退回；改正后如仍重复，下次会列为重复。",
     "duplicate_row and duplicate_response are judged among rows that pass the other rules: an "
     "identical copy of a rejected row is rejected for the same rule; once corrected, a remaining "
     "duplicate is listed next time."),
    ("“提示”列出已接收、但值得核对的行（例如导师编号不在参考名单中），无需重新交付即可使用。",
     "提示 lists rows that were accepted but are worth checking (e.g. a mentor_id not in the reference "
     "list); they are used as they are."),
    ("如何重新交付", "How to re-deliver"),
    ("在原文件中改正（或删除）这些行，保存为同一文件名、放在同一年份文件夹中重新交付："
     "新文件的内容将整体替换旧文件的所有行。不要只交付改正的行，否则其余行会被删除。",
     "Correct (or delete) these rows in the original file and deliver it again under the same name in "
     "the same year folder: the new file's content replaces all rows of the old one. Do not deliver "
     "only the corrected rows, or the others are removed."),
)


def _write_instructions(sheet: Worksheet, formats: dict[str, Format], contents: FileContents) -> None:
    sheet.write_string(0, 0, f"{contents.file_path}：退回行与提示 rejected rows and warnings", formats["title"])
    row = 2
    for zh, en in INSTRUCTIONS:
        heading = len(zh) < 10
        sheet.write_string(row, 0, zh, formats["bold"] if heading else formats["text"])
        sheet.write_string(row, 1, en, formats["bold"] if heading else formats["text"])
        row += 1
    row += 1
    counted = Counter(r.reasons[0][0] for r in contents.rejected)
    listed = Counter(reason for r in contents.rejected for reason in {reason for reason, _ in r.reasons})
    warned = Counter(w.reason for w in contents.warnings)
    header = ["原因 reason", "说明", "meaning", "退回行数 rows counted", "列出次数 rows listing it", "提示数 warnings"]
    write_text_row(sheet, row, header, formats["header"])
    for reason in (*ROW_REJECT_REASONS, *ROW_WARN_REASONS):
        row += 1
        chinese, english = REASON_DESCRIPTIONS[reason]
        numbers = (counted[reason], listed[reason], warned[reason]) if reason in ROW_REJECT_REASONS \
            else ("", "", warned[reason])
        write_text_row(sheet, row, [reason, chinese, english, *map(str, numbers)], formats["text"])
    row += 1
    write_text_row(sheet, row, ["合计 total", "", "", str(len(contents.rejected)), "", str(len(contents.warnings))],
                   formats["bold"])
    for column, width in enumerate((40, 50, 50, 12, 14, 10)):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&L{_escaped(contents.file_path)}&R&A")
    sheet.print_area(0, 0, row, 5)


# xlsxwriter is pure Python (about 250,000 cells a second on one core, and ~2 ms for each
# workbook's package): with this many rejected rows in all, the workbooks are written by
# one worker process per core, each started in ~0.1 s (the demo's 13,000 rows in 722
# workbooks: 1.45 s here, 0.96 s by two workers).
PARALLEL_MIN_ROWS = 5_000
MAX_WORKERS = 4

def write_workbooks(jobs: list[WorkbookJob]) -> None:
    """Write every workbook of `jobs`: here, or in worker processes when there are many
    rows (`python -m pipelines.stewardship.workers`, jobs pickled on their stdin — not
    multiprocessing, which would run the caller's __main__ again in each worker)."""
    rows = sum(job.size for job in jobs)
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
            write_workbook(job.path, job.contents)


def _balanced(jobs: list[WorkbookJob], bins: int) -> list[list[WorkbookJob]]:
    """Jobs dealt largest first to the bin with the fewest rows so far."""
    shares: list[list[WorkbookJob]] = [[] for _ in range(bins)]
    loads = [0] * bins
    for job in sorted(jobs, key=lambda job: -job.size):
        lightest = loads.index(min(loads))
        shares[lightest].append(job)
        loads[lightest] += job.size
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


FILE_REJECTION_TITLES = ("文件 file", "原因 reason", "说明", "meaning", "问题", "message")


def write_file_rejections(path: Path, files: list[tuple]) -> None:
    """`files`: (file_path, reason, message, message_zh) of every file rejected whole."""
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({"title": "文件级退回 files rejected whole"})
    formats = steward_formats(book)
    sheet = book.add_worksheet("文件级退回")
    widths = Widths(FILE_REJECTION_TITLES)
    write_text_row(sheet, 0, FILE_REJECTION_TITLES, formats["header"])
    for r, (file_path, reason, message, message_zh) in enumerate(files, start=1):
        chinese, english = REASON_DESCRIPTIONS[reason]
        write_text_row(sheet, r, (file_path, reason, chinese, english, message_zh or "", message or ""),
                       formats["text"], widths)
    finish_sheet(sheet, widths.widths, len(files), "文件级退回 files rejected whole")
    book.close()


MANIFEST_NAME = ".contents.json"
# Part of every workbook's content digest (contents.REJECTION_CONTENTS_SQL): change it
# with write_workbook's layout or texts (pipelines.contract.accepted, REASON_DESCRIPTIONS),
# so that no workbook of the old layout is kept.
LAYOUT_VERSION = "3"


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
