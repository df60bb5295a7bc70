"""Hostile deliveries: files that are empty, binary, huge, oddly named, nested a thousand
folders deep, linked out of the input, named pipes, or full of formulas and enormous
cells. A `yingcai run` over them finishes (exit 0) without a traceback, logs every entry
of the input in audit.file_ingest with the contract's status and reason, keeps what it
loads as delivered, and writes nothing outside --output."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import python_calamine
import xlsxwriter
from filemaker import write_csv
from warehouse_state import query, table_checksums

from pipelines.contract.national_id import check_digit
from pipelines.ingest.deliveries import read_delivery
from pipelines.ingest.discovery import discover, sha256_of
from pipelines.ingest.rejections import FileRejected
from pipelines.stewardship.workbooks import workbook_name

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
KEY = "hostile-input-test-key-0123456789abcdef"

COHORT_HEADER = ["身份证号", "姓名", "性别", "出生日期", "省份", "中学", "年级", "学科", "培养高校", "导师编号"]
LONG_CELL = 100_000  # characters; the csv module alone takes at most 131,072 by default
LONGER_CELL = 200_000
HUGE_LINE = 50 * 1024 * 1024
DEPTH = 1000  # folders; Python's recursion limit is 1,000 frames
GBK = "gbk"


def national_id(n: int) -> str:
    """The n-th valid ID of people born in 2003 in 北京东城."""
    born = dt.date(2003, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"110101{born:%Y%m%d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def cohort_row(n: int, **cells: str) -> list[str]:
    """A cohort row every rule accepts (unknown university and mentor are warnings)."""
    values = [national_id(n), "张三", "", "", "北京", "北京四中", "高一", "数学", "北京大学", "M001"]
    row = dict(zip(COHORT_HEADER, values, strict=True))
    row.update(cells)
    return list(row.values())


def csv_bytes(rows: list[list[str]], line_end: str = "\r\n", encoding: str = "utf-8") -> bytes:
    return "".join(",".join(_quoted(c) for c in row) + line_end for row in rows).encode(encoding)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if re.search(r'[",\r\n]', cell) else cell


def name_bytes(*parts: str | bytes) -> bytes:
    return b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)


# --------------------------------------------------------------------------------------
# The hostile input: every entry with what audit.file_ingest must say of it,
# (source, year, status, reason).


@dataclass(frozen=True)
class Hostile:
    root: Path
    input: Path
    output: Path
    expected: dict[str, tuple]
    long_name: str
    deep_name: str


def make_hostile_input(root: Path) -> Hostile:
    input_dir, outside = root / "input", root / "outside"
    year = input_dir / "2019"
    year.mkdir(parents=True)
    (outside / "folder").mkdir(parents=True)
    write_csv(outside / "secret_cohort.csv", [COHORT_HEADER, cohort_row(900)])
    write_csv(outside / "folder" / "cohort.csv", [COHORT_HEADER, cohort_row(901)])
    expected: dict[str, tuple] = {}

    def put(name: str | bytes, content: bytes, outcome: tuple) -> None:
        raw = name if isinstance(name, bytes) else name.encode()
        (Path(os.fsdecode(os.fsencode(year) + b"/" + raw))).write_bytes(content)
        expected[_text_path(b"2019/" + raw)] = outcome

    loaded = ("cohort", 2019, "loaded", None)
    unreadable = ("cohort", 2019, "rejected", "unreadable")

    # Empty, binary, zero-byte workbook, one huge line.
    put("cohort_empty.csv", b"", ("cohort", 2019, "rejected", "missing_column"))
    put("cohort_binary.csv", random.Random(2019).randbytes(1 << 16), unreadable)
    put("cohort_zero_bytes.xlsx", b"", unreadable)
    put("cohort_one_huge_line.csv", b"x" * HUGE_LINE, ("cohort", 2019, "rejected", "missing_column"))
    put("cohort.txt", csv_bytes([COHORT_HEADER, cohort_row(1)]), unreadable)

    # Odd names: dots, control characters, quotes, a backslash, non-UTF-8 (GBK) bytes,
    # and a name so long that "<name>.退回.xlsx" would not fit in 255 bytes.
    put("..cohort..csv", csv_bytes([COHORT_HEADER, cohort_row(2)]), loaded)
    put("cohort\nnewline.csv", csv_bytes([COHORT_HEADER, cohort_row(3)]), loaded)
    put("cohort\x01control.csv", csv_bytes([COHORT_HEADER, cohort_row(4)]), loaded)
    put("cohort \"quoted\" 'name' $(true) -x.csv", csv_bytes([COHORT_HEADER, cohort_row(5)]), loaded)
    put("cohort\\backslash.csv", csv_bytes([COHORT_HEADER, cohort_row(6)]), loaded)
    put(name_bytes("cohort_", "广东".encode(GBK), ".csv"), csv_bytes([COHORT_HEADER, cohort_row(7)]), loaded)
    put(name_bytes("学员名单_广东".encode(GBK), ".csv"), csv_bytes([COHORT_HEADER, cohort_row(8)]),
        (None, 2019, "rejected", "unknown_source"))
    long_name = "cohort_" + "长" * 80 + ".csv"  # 251 bytes
    put(long_name, csv_bytes([COHORT_HEADER, cohort_row(9), cohort_row(10, 身份证号="123")]), loaded)

    # Cells of 100,000 and 200,000 characters; the longer one in a row wider than the
    # header, which Polars refuses and the csv module reads.
    put("cohort_long_cells.csv", csv_bytes([
        COHORT_HEADER,
        cohort_row(11, 姓名="名" * LONG_CELL, 中学="中" * LONG_CELL),
        cohort_row(12) + ["长" * LONGER_CELL],
    ]), loaded)
    # A formula-looking text cell in a rejected row: the workbook must keep it text.
    put("cohort_formula_text.csv", csv_bytes([
        COHORT_HEADER, cohort_row(13, 身份证号="bad", 姓名='=HYPERLINK("http://example.com","点我")'),
    ]), loaded)

    # Zero bytes: early in a small file, and past the first 64 KiB of a large one.
    small = csv_bytes([COHORT_HEADER, cohort_row(14)])
    put("cohort_nul.csv", small[:60] + b"\x00" + small[60:], unreadable)
    large = csv_bytes([COHORT_HEADER] + [cohort_row(n) for n in range(100, 1100)])
    cut = large.index(b"\r\n", 70_000)
    put("cohort_nul_far.csv", large[:cut] + b"\x00" + large[cut:], unreadable)

    # UTF-16 with its byte-order mark is decoded; without it, it is binary.
    put("cohort_utf16.csv", csv_bytes([COHORT_HEADER, cohort_row(15)], encoding="utf-16"), loaded)
    put("cohort_utf16_no_bom.csv", csv_bytes([COHORT_HEADER, cohort_row(16)], encoding="utf-16-le"), unreadable)
    # Lines ended by CR alone (Excel for Mac).
    put("cohort_mac.csv", csv_bytes([COHORT_HEADER, cohort_row(17), cohort_row(18)], line_end="\r"), loaded)

    # Formulas in a workbook: their cached values are read, never evaluated.
    formulas = year / "cohort_formulas.xlsx"
    book = xlsxwriter.Workbook(str(formulas), {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, COHORT_HEADER)
    sheet.write_row(1, 0, cohort_row(19))
    sheet.write_formula(1, 5, '=HYPERLINK("http://example.com","人大附中")', None, "人大附中")
    sheet.write_formula(1, 9, "=1+1", None, 2)
    sheet.write_row(2, 0, cohort_row(20))
    sheet.write_formula(2, 1, "=1/0", None, "#DIV/0!")
    sheet.write_row(3, 0, cohort_row(21, 中学="校" * 32_767))  # Excel's longest cell
    book.close()
    expected["2019/cohort_formulas.xlsx"] = loaded

    # A named pipe would block a reader forever.
    os.mkfifo(year / "cohort_fifo.csv")
    expected["2019/cohort_fifo.csv"] = unreadable

    # Links are logged, never followed: to a file outside, to one inside, dangling, a
    # loop, to a folder outside, and a year folder and the reference folder as links.
    for name, target in [
        ("cohort_link_out.csv", outside / "secret_cohort.csv"),
        ("cohort_link_in.csv", year / "..cohort..csv"),
        ("cohort_dangling.csv", outside / "nothing.csv"),
        ("cohort_loop.csv", year / "cohort_loop.csv"),
    ]:
        os.symlink(target, year / name)
        expected[f"2019/{name}"] = unreadable
    os.symlink(outside / "folder", year / "linked_folder")
    expected["2019/linked_folder"] = (None, 2019, "rejected", "unreadable")
    os.symlink(outside / "folder", input_dir / "2020")
    expected["2020"] = (None, None, "rejected", "unreadable")
    os.symlink(outside / "folder", input_dir / "reference")
    expected["reference"] = (None, None, "rejected", "unreadable")

    # A thousand nested folders, and a stray file outside the year folders.
    deep = year
    for _ in range(DEPTH):
        deep = deep / "d"
        deep.mkdir()
    write_csv(deep / "cohort_deep.csv", [COHORT_HEADER, cohort_row(22), cohort_row(23, 身份证号="x")])
    deep_name = "2019/" + "d/" * DEPTH + "cohort_deep.csv"
    expected[deep_name] = loaded
    (input_dir / "stray.csv").write_bytes(small)
    expected["stray.csv"] = (None, None, "rejected", "unknown_source")

    return Hostile(root, input_dir, root / "output", expected, f"2019/{long_name}", deep_name)


def _text_path(raw: bytes) -> str:
    """How the log names a path: UTF-8 names as they are; in a name that is not UTF-8,
    every non-ASCII byte as \\xNN."""
    names = []
    for name in raw.split(b"/"):
        try:
            names.append(name.decode("utf-8"))
        except UnicodeDecodeError:
            names.append(name.decode("ascii", "backslashreplace"))
    return "/".join(names)


def remove_tree(top: Path) -> None:
    """shutil.rmtree recurses once per folder level: a thousand levels exhaust Python's
    recursion limit (and would break pytest's own clean-up of old temporary folders)."""
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


# --------------------------------------------------------------------------------------
# What the run may touch: a snapshot of every entry around the input, and (where strace
# is installed) every path the run's system calls created, wrote, renamed or removed.


def snapshot(top: Path, skip: tuple[Path, ...]) -> dict[bytes, tuple]:
    """Every entry below `top` (links not followed, iteratively): kind and content."""
    entries, pending = {}, [top]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                path = Path(entry.path)
                if path in skip:
                    continue
                info = entry.stat(follow_symlinks=False)
                key = os.fsencode(path.relative_to(top))
                if stat.S_ISDIR(info.st_mode):
                    pending.append(path)
                    entries[key] = ("folder", info.st_mtime_ns)
                elif stat.S_ISLNK(info.st_mode):
                    entries[key] = ("link", os.readlink(path))
                elif stat.S_ISREG(info.st_mode):
                    entries[key] = ("file", info.st_size, info.st_mtime_ns, sha256_of(path))
                else:
                    entries[key] = ("special", stat.S_IFMT(info.st_mode), info.st_mtime_ns)
    return entries


def top_level(folder: Path) -> set[str]:
    return set(os.listdir(folder))


WRITING_CALLS = (
    "open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir,"
    "link,linkat,symlink,symlinkat,truncate,chmod,fchmodat"
)
# strace pads the pid column to five characters: "6352  openat(...)", "16352 openat(...)".
STRACE_LINE = re.compile(r"^\d+ +(\w+)\((.*)\) = \d+")
FD_PATH = re.compile(r"^(?:AT_FDCWD|\d+)<(.*?)>, ")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-f", "--seccomp-bpf", "-z", "-qq", "-o", os.devnull, "true"],
                           capture_output=True)
    return probe.returncode == 0


def written_paths(trace: Path, cwd: Path) -> set[bytes]:
    """Every path a traced process created, opened for writing, renamed, linked or
    removed (strace -y prints the folder of an *at call's descriptor)."""
    paths = set()
    for line in trace.read_text(errors="replace").splitlines():
        match = STRACE_LINE.match(line)
        if not match:
            continue
        call, arguments = match.groups()
        if call in ("open", "openat") and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", arguments):
            continue
        folder = FD_PATH.match(arguments)
        base = os.fsencode(folder.group(1)) if folder else os.fsencode(cwd)
        for text in STRING.findall(arguments):
            raw = text.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1")
            paths.add(os.path.normpath(os.path.join(base, raw)))
    return paths


# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    hostile: Hostile
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    seconds: float
    before: dict
    after: dict
    tmp_before: set[str]
    tmp_after: set[str]
    written: set[bytes] | None
    private: dict[str, Path]
    checksums_after_first: dict


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("hostile")
    try:
        yield _run_twice(root)
    finally:  # a thousand nested folders: removed here, iteratively
        for folder in (root / "input", root / "output" / "restricted"):
            if folder.exists():
                remove_tree(folder)


def _run_twice(root: Path) -> Run:
    hostile = make_hostile_input(root)
    private = {name: root / name for name in ("tmp", "home", "cwd")}
    for folder in private.values():
        folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(
        YINGCAI_PSEUDONYM_KEY=KEY, TMPDIR=str(private["tmp"]), HOME=str(private["home"]),
        PYTHONDONTWRITEBYTECODE="1",  # Python's own cache beside the code is not the run's
    )
    command = [YINGCAI, "run", "--input", str(hostile.input), "--output", str(hostile.output)]
    trace = root / "strace.log"
    traced = strace_works()
    if traced:
        command = ["strace", "-f", "--seccomp-bpf", "-z", "-y", "-qq", "-e", f"trace={WRITING_CALLS}",
                   "-o", str(trace), *command]
    before, tmp_before = snapshot(root, skip=(hostile.output, trace)), top_level(Path("/tmp"))
    started = time.perf_counter()
    first = subprocess.run(command, cwd=private["cwd"], env=env, capture_output=True, text=True,
                           errors="replace", timeout=600)
    seconds = time.perf_counter() - started
    after, tmp_after = snapshot(root, skip=(hostile.output, trace)), top_level(Path("/tmp"))
    written = written_paths(trace, private["cwd"]) if traced else None
    checksums = table_checksums(hostile.output / "warehouse.duckdb", ignore_columns=("ingested_at",))
    second = subprocess.run(command[command.index(YINGCAI):], cwd=private["cwd"], env=env,
                            capture_output=True, text=True, errors="replace", timeout=600)
    return Run(hostile, first, second, seconds, before, after, tmp_before, tmp_after, written, private,
               checksums)


def test_the_run_finishes_without_a_traceback(hostile_run):
    first = hostile_run.first
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stdout + first.stderr
    assert first.stdout.startswith("yingcai run: 1 years (2019–2019)")  # a linked 2020/ is no year
    assert hostile_run.seconds < 120


def test_every_entry_of_the_input_is_logged_with_the_contracts_status_and_reason(hostile_run):
    rows = query(hostile_run.hostile.output / "warehouse.duckdb",
                 "SELECT file_path, source, year, status, reason FROM audit.file_ingest")
    assert {path: tuple(rest) for path, *rest in rows} == hostile_run.hostile.expected


def test_every_loaded_file_accounts_for_its_rows(hostile_run):
    rows = query(hostile_run.hostile.output / "warehouse.duckdb",
                 "SELECT file_path, rows_read, rows_loaded, rows_rejected FROM audit.file_ingest "
                 "WHERE status = 'loaded'")
    counts = {path: (read, loaded, rejected) for path, read, loaded, rejected in rows}
    assert all(read == loaded + rejected for read, loaded, rejected in counts.values())
    assert counts["2019/cohort_long_cells.csv"] == (2, 2, 0)
    assert counts["2019/cohort_mac.csv"] == (2, 2, 0)
    assert counts["2019/cohort_formulas.xlsx"] == (3, 2, 1)
    assert counts[hostile_run.hostile.long_name] == (2, 1, 1)
    assert counts[hostile_run.hostile.deep_name] == (2, 1, 1)


def test_rejected_files_say_why_in_a_line_a_steward_can_read(hostile_run):
    messages = dict(query(hostile_run.hostile.output / "warehouse.duckdb",
                          "SELECT file_path, message FROM audit.file_ingest WHERE status = 'rejected'"))
    assert messages["2019/cohort_fifo.csv"] == "2019/cohort_fifo.csv: not a regular file"
    assert messages["2019/cohort_link_out.csv"] == "2019/cohort_link_out.csv: a symbolic link, not a delivered file"
    assert messages["2019/cohort_nul.csv"] == (
        "2019/cohort_nul.csv: a zero byte at byte 61: binary content or a damaged file, not CSV text"
    )
    assert messages["2019/cohort_nul_far.csv"].startswith("2019/cohort_nul_far.csv: a zero byte at byte ")
    assert messages["2019/cohort_zero_bytes.xlsx"].startswith("2019/cohort_zero_bytes.xlsx: not a readable workbook")
    assert messages["2019/cohort.txt"] == "2019/cohort.txt: not a CSV, XLSX or XLS file"


def test_values_are_kept_whole_and_as_delivered(hostile_run):
    warehouse = hostile_run.hostile.output / "warehouse.duckdb"
    long_cells = query(warehouse, "SELECT length(name), length(school), length(extra_columns->>'column_K') "
                                  "FROM raw.cohort WHERE file_path = '2019/cohort_long_cells.csv' ORDER BY row_number")
    assert long_cells == [(LONG_CELL, LONG_CELL, None), (2, 4, LONGER_CELL)]
    formulas = query(warehouse, "SELECT name, school, mentor_id, length(school) FROM raw.cohort "
                                "WHERE file_path = '2019/cohort_formulas.xlsx' ORDER BY row_number")
    # cached values, never evaluated; an error cell (#DIV/0!) reads as empty
    assert formulas == [("张三", "人大附中", "2", 4), (None, "北京四中", "M001", 4), ("张三", "校" * 32_767, "M001", 32_767)]
    assert query(warehouse, "SELECT national_id, name FROM raw.cohort WHERE file_path IN "
                            "('2019/cohort_utf16.csv', '2019/cohort_mac.csv') ORDER BY file_path, row_number") == [
        (national_id(17), "张三"), (national_id(18), "张三"), (national_id(15), "张三"),
    ]
    assert query(warehouse, "SELECT encoding FROM audit.file_ingest WHERE file_path = '2019/cohort_utf16.csv'") == [
        ("utf-16",)
    ]


def test_rejection_workbooks_have_names_the_file_system_takes_and_hold_only_text(hostile_run):
    folder = hostile_run.hostile.output / "restricted" / "rejections"
    with_rejections = [path for (path,) in query(
        hostile_run.hostile.output / "warehouse.duckdb",
        "SELECT file_path FROM audit.file_ingest WHERE rows_rejected > 0 ORDER BY ALL")]
    assert len(with_rejections) == 4
    for file_path in with_rejections:
        workbook = folder / workbook_name(file_path)
        assert all(len(os.fsencode(part)) <= 255 for part in workbook.parts)
        assert len(python_calamine.CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()) == 2
    assert workbook_name(hostile_run.hostile.long_name) != hostile_run.hostile.long_name + ".退回.xlsx"
    assert workbook_name(hostile_run.hostile.deep_name).count("/") == 1
    for workbook in folder.rglob("*.xlsx"):
        with zipfile.ZipFile(workbook) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert not any(b"<f>" in archive.read(n) for n in sheets), workbook  # no formula anywhere
    text = folder / workbook_name("2019/cohort_formula_text.csv")
    cells = python_calamine.CalamineWorkbook.from_path(str(text)).get_sheet_by_index(0).to_python()
    assert '=HYPERLINK("http://example.com","点我")' in cells[1]


def test_nothing_is_written_outside_the_output(hostile_run):
    # The input, the links' targets, HOME and the working folder are as they were. The run
    # may use TMPDIR (Dagster's ephemeral instance makes a folder there and removes it),
    # so only that folder's time changes; what it holds, nothing, is checked below.
    before, after = dict(hostile_run.before), dict(hostile_run.after)
    before.pop(b"tmp"), after.pop(b"tmp")
    assert after == before
    for folder in hostile_run.private.values():
        assert os.listdir(folder) == []
    if hostile_run.written is None:  # no strace: what /tmp holds must not have changed
        assert hostile_run.tmp_after - hostile_run.tmp_before == set()
    else:  # every path written, even if removed again, lies in the output or TMPDIR
        output, tmp = os.fsencode(hostile_run.hostile.output), os.fsencode(hostile_run.private["tmp"])
        assert output + b"/warehouse.duckdb" in hostile_run.written  # the trace saw the run write
        allowed = (output + b"/", tmp + b"/")
        outside = {p for p in hostile_run.written if p not in (output, b"/dev/null") and not p.startswith(allowed)}
        assert outside == set()


def test_a_second_run_over_the_same_input_changes_nothing(hostile_run):
    assert hostile_run.second.returncode == 0, hostile_run.second.stderr[-3000:]
    assert table_checksums(hostile_run.hostile.output / "warehouse.duckdb",
                           ignore_columns=("ingested_at",)) == hostile_run.checksums_after_first


# --------------------------------------------------------------------------------------
# The defects the run above found, one by one, without Dagster.


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "cohort.csv")
    with pytest.raises(OSError, match="not a regular file"):
        sha256_of(tmp_path / "cohort.csv")


def test_a_thousand_nested_folders_are_walked(tmp_path):
    deep = tmp_path / "2019"
    deep.mkdir()
    for _ in range(DEPTH):
        deep = deep / "d"
        deep.mkdir()
    (deep / "cohort.csv").write_text("")
    try:
        assert [f.path for f in discover(tmp_path)] == ["2019/" + "d/" * DEPTH + "cohort.csv"]
    finally:
        remove_tree(tmp_path / "2019")


def test_a_file_name_that_is_not_utf8_is_logged_with_escapes(tmp_path):
    (tmp_path / "2019").mkdir()
    Path(os.fsdecode(os.fsencode(tmp_path / "2019") + b"/cohort_" + "广东".encode(GBK) + b".csv")).write_text("")
    [found] = discover(tmp_path)
    assert (found.path, found.source) == ("2019/cohort_\\xb9\\xe3\\xb6\\xab.csv", "cohort")
    assert found.absolute.exists()


def test_a_cell_longer_than_the_csv_modules_limit_is_read_whole(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(csv_bytes([COHORT_HEADER, cohort_row(1) + ["长" * LONGER_CELL]]))
    delivery = read_delivery(path, "cohort.csv", "cohort")
    assert len(delivery.rows["extra_columns"][0]) > LONGER_CELL


def test_lines_ended_by_carriage_returns_alone_are_rows(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(csv_bytes([COHORT_HEADER, cohort_row(1), cohort_row(2)], line_end="\r"))
    assert read_delivery(path, "cohort.csv", "cohort").rows["row_number"].to_list() == [2, 3]


def test_a_zero_byte_anywhere_makes_a_csv_unreadable(tmp_path):
    text = csv_bytes([COHORT_HEADER] + [cohort_row(n) for n in range(1000)])
    path = tmp_path / "cohort.csv"
    path.write_bytes(text + b"\x00" * 512)  # a copy cut short and padded with zeros
    with pytest.raises(FileRejected) as rejected:
        read_delivery(path, "cohort.csv", "cohort")
    assert rejected.value.reason == "unreadable"
    assert f"a zero byte at byte {len(text) + 1}" in rejected.value.message
