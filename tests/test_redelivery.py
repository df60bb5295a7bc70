"""Re-delivery (contract.md, "Re-delivery"): a unit replaces a file by a corrected version,
and the run records what the replacement resolved, left open and newly broke, by reason,
for that unit and file only; a run with nothing changed changes nothing.

One module-scoped sequence of real in-process runs: a delivery for 广东 and 江苏, then
广东's cohort file replaced, then a run with nothing changed."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from filemaker import write_csv
from warehouse_state import query, table_checksums
from office import resaved_by_libreoffice

from pipelines.contract.national_id import make
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

YEAR = 2019
GUANGDONG, JIANGSU = "440000", "320000"
FILE = f"{YEAR}/学员名单_广东.csv"
OTHER_FILE = f"{YEAR}/学员名单_江苏.csv"
HEADER = ["身份证号", "姓名", "省份", "中学", "年级", "学科", "培养高校", "导师编号", "入选年份"]
HISTORY = ("audit.file_versions", "quarantine.rejection_identities", "audit.redelivery_changes",
           "audit.file_units", "audit.row_units")


def student(n: int, area: str = "440106") -> str:
    return make(area, dt.date(2003, 1, 1) + dt.timedelta(days=n), 10 + n, male=n % 2 == 1)


def row(n: int, *, grade="高二", discipline="物理", year=str(YEAR), national_id=None, province="广东") -> list[str]:
    return [student(n) if national_id is None else national_id, f"学生{n}", province, "华南师大附中", grade,
            discipline, "中山大学", "M0001", year]


# Row numbers as Excel shows them: the header is row 1.
FIRST_VERSION = [
    HEADER,
    row(1),                        # 2
    row(2),                        # 3
    row(3, grade="高五"),           # 4 invalid_value        → fixed
    row(4, discipline="炼丹"),      # 5 invalid_value        → fixed
    row(5, year="2018"),           # 6 out_of_range         → fixed
    row(6, year="2017"),           # 7 out_of_range         → still open
    row(0, national_id=""),        # 8 missing_value, no ID → still open (identity 'row 8')
    row(7),                        # 9 good                 → newly invalid_value
]
CORRECTED = [
    HEADER,
    row(1), row(2), row(3), row(4), row(5),
    row(6, year="2017"),
    row(0, national_id=""),
    row(7, grade="高五"),
]
OTHER = [HEADER, row(20, province="江苏"), row(21, province="江苏", grade="大一")]

EXPECTED = {  # reason: (resolved, still_open, new), for 广东 and FILE only
    "invalid_value": (2, 0, 1),
    "out_of_range": (1, 1, 0),
    "missing_value": (0, 1, 0),
}


def run(paths: Paths) -> None:
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure


CHANGES = ("SELECT year, province_code, file_path, source, version, previous_version, reason, resolved, "
           "still_open, new FROM {table} ORDER BY ALL")


@pytest.fixture(scope="module")
def redelivered(tmp_path_factory):
    """Paths, and the history tables' checksums after the replacement and after a run
    with nothing changed."""
    root = tmp_path_factory.mktemp("redelivery")
    paths = Paths(input_dir=str(root / "input"), output_dir=str(root / "output"))
    write_csv(paths.input / FILE, FIRST_VERSION)
    write_csv(paths.input / OTHER_FILE, OTHER)
    run(paths)
    first = query(paths.warehouse, "SELECT reason, count(*) FROM quarantine.rejected_rows "
                  "WHERE file_path = ? GROUP BY ALL ORDER BY ALL", [FILE])
    write_csv(paths.input / FILE, CORRECTED)
    run(paths)
    after_replacement = table_checksums(paths.warehouse)
    summary = paths.output / "restricted" / "rejections"
    shutil.copytree(summary, root / "rejections_after_replacement")
    run(paths)
    return paths, first, after_replacement, table_checksums(paths.warehouse), root / "rejections_after_replacement"


def test_the_first_version_rejects_what_the_test_means(redelivered):
    _, first, *_ = redelivered
    assert first == [("invalid_value", 2), ("missing_value", 1), ("out_of_range", 2)]


def test_a_replacement_is_the_next_version_of_its_path(redelivered):
    paths, *_ = redelivered
    assert query(paths.warehouse, "SELECT file_path, version FROM audit.file_versions ORDER BY ALL") == [
        (FILE, 1), (FILE, 2), (OTHER_FILE, 1)]
    assert query(paths.warehouse, "SELECT DISTINCT file_path, version FROM audit.file_units ORDER BY ALL") == [
        (FILE, 2), (OTHER_FILE, 1)]


def test_the_replacement_resolved_left_open_and_broke_exactly_these_rows_by_reason(redelivered):
    paths, *_ = redelivered
    rows = query(paths.warehouse, CHANGES.format(table="audit.redelivery_changes"))
    assert {(unit, path, source, version, previous) for _, unit, path, source, version, previous, *_ in rows} == {
        (GUANGDONG, FILE, "cohort", 2, 1)}
    assert {reason: tuple(counts) for *_, reason, counts in ((*r[:7], r[7:]) for r in rows)} == EXPECTED


def test_the_published_redeliveries_are_the_audits(redelivered):
    paths, *_ = redelivered
    assert query(paths.output / "analytics.duckdb", CHANGES.format(table="public.delivery_redeliveries")) == \
        query(paths.warehouse, CHANGES.format(table="audit.redelivery_changes"))


def test_older_versions_identities_stay_and_the_current_ones_are_the_quarantines(redelivered):
    paths, *_ = redelivered
    assert query(paths.warehouse, "SELECT version, reason, identity, province_code FROM quarantine.rejection_identities "
                 "WHERE file_path = ? AND identity LIKE 'row %' ORDER BY ALL", [FILE]) == [
        (1, "missing_value", "row 8", GUANGDONG), (2, "missing_value", "row 8", GUANGDONG)]
    assert query(paths.warehouse, "SELECT version, count(*) FROM quarantine.rejection_identities WHERE file_path = ? "
                 "GROUP BY ALL ORDER BY ALL", [FILE]) == [(1, 5), (2, 3)]


def test_a_run_with_nothing_changed_changes_no_history(redelivered):
    _, _, after_replacement, after_rerun, _ = redelivered
    assert {t: after_rerun[t] for t in HISTORY} == {t: after_replacement[t] for t in HISTORY}


# --- the unit's summary workbook -----------------------------------------------------------

SUMMARY = f"{YEAR}/{GUANGDONG}_广东.汇总.xlsx"
OTHER_SUMMARY = f"{YEAR}/{JIANGSU}_江苏.汇总.xlsx"


def sheet_rows(path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(c for c in row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()


def test_the_units_summary_shows_what_the_redelivery_resolved_by_reason(redelivered):
    paths, *_ = redelivered
    summary = paths.output / "restricted" / "rejections" / SUMMARY
    header, *rows = sheet_rows(summary, "重新报送")
    assert header[:4] == ("文件 file", "版本 version", "上一版本 previous", "原因 reason")
    assert {r[3]: r[5:8] for r in rows} == EXPECTED
    assert {r[:3] for r in rows} == {(FILE, "2", "1")}
    assert all(isinstance(n, int) for r in rows for n in r[5:8])
    # 江苏's file was not replaced: its summary has no re-delivery.
    assert sheet_rows(paths.output / "restricted" / "rejections" / OTHER_SUMMARY, "重新报送") == [
        ("本年度本单位没有重新报送的文件。No file of the unit was re-delivered this year.",)]


def test_the_units_summary_lists_its_files_with_counts_and_the_workbook_to_open(redelivered):
    paths, *_ = redelivered
    header, *rows = sheet_rows(paths.output / "restricted" / "rejections" / SUMMARY, "文件")
    assert header[0] == "文件 file" and len(header) == 11
    assert rows == [(FILE, "cohort", "已接收 loaded", None, None, "2", 8, 5, 3, 5, f"{FILE}.退回.xlsx")]
    assert sheet_rows(paths.output / "restricted" / "rejections" / SUMMARY, "说明")[0][0].startswith("2019年 广东省")


def test_an_unchanged_summary_is_kept_as_it_was(redelivered):
    paths, *_, copied = redelivered
    assert (paths.output / "restricted" / "rejections" / SUMMARY).read_bytes() == (copied / SUMMARY).read_bytes()


def test_libreoffice_opens_the_summary_with_every_sheet(redelivered, tmp_path):
    """One real office suite: the summary converted again to XLSX by LibreOffice holds the
    same cells on every sheet."""
    paths, *_ = redelivered
    workbook = paths.output / "restricted" / "rejections" / SUMMARY
    (again,) = resaved_by_libreoffice([workbook], tmp_path)
    assert openpyxl.load_workbook(again, read_only=True).sheetnames == ["文件", "重新报送", "说明"]
    for sheet in ("文件", "重新报送", "说明"):
        assert sheet_rows(again, sheet) == sheet_rows(workbook, sheet), sheet


# --- the unit's pack (branch packs) -------------------------------------------------------

def test_the_units_pack_shows_what_its_redelivery_resolved_by_reason_and_no_other_unit_does(redelivered):
    """reports/units/2019/440000_广东.html (written by the run): per reason the rows the
    corrected file resolved, left open and newly broke — EXPECTED and nothing else; 江苏's
    pack has no re-delivery."""
    import re

    from dashboards.reports.units.build import pack_paths

    paths, *_ = redelivered
    html, workbook = pack_paths(paths.output, YEAR, GUANGDONG)
    text = html.read_text(encoding="utf-8")
    table = re.search(r'<table class="data compact" id="redeliveries">.*?</table>', text, re.S)[0]
    shown = {m[0]: tuple(int(n) for n in m[1:]) for m in re.findall(
        r'<tr data-reason="([a-z_]+)">.*?<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', table)}
    assert shown == EXPECTED
    assert "第 1 版 → 第 2 版" in text and FILE in text
    quality = sheet_rows(workbook, "交付质量")
    assert {r[1].rsplit("（", 1)[1].rstrip("）"): tuple(r[4:7]) for r in quality
            if r and r[0] == FILE and str(r[1]).endswith("）") and len(r) >= 7 and r[2] == 2} == EXPECTED
    other = pack_paths(paths.output, YEAR, JIANGSU)[0].read_text(encoding="utf-8")
    assert 'id="redeliveries"' not in other and "本单位没有重新交付" in other
