"""A steward corrects a file in one round: the workbook lists every rule a row breaks and
says what would be accepted (from the contract as code), names the row a duplicate
repeats, names columns as the delivered file does, lists warnings, and explains files
rejected whole in Chinese. One hand-built delivery, run once for the module; the
workbooks are read with openpyxl and, once converted by LibreOffice, again."""

import datetime as dt
import json

import duckdb
import openpyxl
import pytest
from filemaker import write_csv
from office import resaved_by_libreoffice

from pipelines.cleaning import spellings
from pipelines.cleaning.out_of_range import MAX_HOURS
from pipelines.cleaning.row_rules import single_row_checks
from pipelines.contract.accepted import contract_rules, what_is_accepted
from pipelines.contract.columns import column_names
from pipelines.contract.national_id import make
from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS, precedence
from pipelines.paths import Paths
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.runner import run_pipeline
from pipelines.stewardship.workbooks import (
    FILE_REJECTIONS_WORKBOOK, INSTRUCTIONS_SHEET, REJECTED_SHEET, WARNINGS_SHEET, workbook_name,
)

A = make("110101", dt.date(2007, 5, 6), 12, male=False)  # cohort 2024
B = make("440106", dt.date(2008, 3, 1), 33, male=True)  # cohort 2025
C = make("320102", dt.date(2008, 7, 9), 51, male=True)  # in no cohort
D = make("330102", dt.date(2008, 1, 2), 71, male=False)  # cohort row with three faults
COHORT = ["身份证号", "姓名", "省份", "中学", "年级", "学科", "培养高校", "导师编号", "入选年份"]
STATUSES = "、".join(spellings.STATUS)

FILES = {
    "2024/cohort_北京.csv": [COHORT, [A, "李四", "北京", "人大附中", "高二", "物理", "北京大学", "M001", ""]],
    "2025/cohort_广东.csv": [
        COHORT,
        [D, "赵六", "火星", "华南师大附中", "高五", "数学", "中山大学", "M001", "2024"],  # row 2: three rules
        ["123", "钱七", "广东", "华南师大附中", "高一", "数学", "中山大学", "M001", ""],  # row 3
        [B, "", "广东", "华南师大附中", "高一", "数学", "中山大学", "M001", ""],  # row 4: no name
        [B, "王五", "广东", "华南师大附中", "高一", "数学", "中山大学", "M999", ""],  # row 5: warned
        [B, "王五", "广东", "华南师大附中", "高一", "数学", "中山大学", "M999", ""],  # row 6: repeats row 5
    ],
    "2025/培养记录_广东.csv": [
        ["身份证号", "活动日期", "活动类型", "HOURS"],
        [A, "2025-03-01", "讲座", "25"],  # row 2: hours
        [C, "2025-03-01", "讲座", "2"],  # row 3: unknown student
    ],
    "2025/跟踪调查_广东_a.csv": [
        ["身份证号", "当前状态", "入选拔尖计划年份"],
        [A, "本科在读", ""],  # row 2: replaced by the b file's response
        [B, "失联", ""],  # row 3: status
        [B, "本科在读", "2023"],  # row 4: topnotch_year before the cohort year 2025
    ],
    "2025/跟踪调查_广东_b.csv": [["身份证号", "当前状态"], [A, "研究生在读"]],
    "2025/培养记录_缺学时.csv": [["身份证号", "活动日期", "活动类型"], [A, "2025-03-01", "讲座"]],
}

# reason → (file, row, rule's column, what the 应填写/accepted text must name)
EXPLAINED = {
    "invalid_national_id": ("2025/cohort_广东.csv", 3, "national_id", "18"),
    "missing_value": ("2025/cohort_广东.csv", 4, "name", "必填"),
    "invalid_value": ("2025/跟踪调查_广东_a.csv", 3, "status", STATUSES),
    "unknown_province": ("2025/cohort_广东.csv", 2, "province", "广东"),
    "out_of_range": ("2025/培养记录_广东.csv", 2, "hours", str(MAX_HOURS)),
    "duplicate_row": ("2025/cohort_广东.csv", 6, None, "删除"),
    "unknown_student": ("2025/培养记录_广东.csv", 3, "national_id", "2025"),
    "duplicate_response": ("2025/跟踪调查_广东_a.csv", 2, None, "最后"),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("explanations")
    for name, rows in FILES.items():
        write_csv(root / "in" / name, rows)
    paths = Paths(input_dir=str(root / "in"), output_dir=str(root / "out"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    return paths


@pytest.fixture(scope="module")
def quarantine(run):
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT file_path, row_number, reason, column_name, reasons, related_file_path, "
            "related_row_number, person_cohort_year, source FROM quarantine.rejected_rows"
        ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def workbook(run, file_path):
    return openpyxl.load_workbook(run.output / "restricted" / "rejections" / workbook_name(file_path))


def table(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def rejected_row(run, file_path, number):
    (row,) = [r for r in table(workbook(run, file_path)[REJECTED_SHEET]) if r["行号 row"] == str(number)]
    return row


# --- every reason code, explained -------------------------------------------------------

def test_every_row_reason_code_has_a_row_here():
    assert set(EXPLAINED) == set(ROW_REJECT_REASONS)


@pytest.mark.parametrize("reason", ROW_REJECT_REASONS)
def test_the_workbook_says_what_would_be_accepted_for_every_reason(run, quarantine, reason):
    file_path, number, column, named = EXPLAINED[reason]
    assert (reason, column) in [(r["reason"], r["column_name"]) for r in quarantine[(file_path, number)][2]]
    row = rejected_row(run, file_path, number)
    listed = row["原因 reason"].splitlines()
    line = listed.index(reason)
    accepted_zh = row["应填写"].splitlines()[line]
    accepted_en = row["accepted"].splitlines()[line]
    assert named in accepted_zh, accepted_zh
    assert accepted_en and accepted_en != accepted_zh  # English beside it


def test_cohort_year_2024_in_the_2025_folder_must_be_2025(run):
    row = rejected_row(run, "2025/cohort_广东.csv", 2)
    line = row["原因 reason"].splitlines().index("out_of_range")
    assert row["应填写"].splitlines()[line].startswith("应为 2025")
    assert "must be 2025" in row["accepted"].splitlines()[line]
    assert row["问题列 column"].splitlines()[line] == "入选年份"


def test_a_status_not_allowed_lists_the_allowed_ones(run):
    row = rejected_row(run, "2025/跟踪调查_广东_a.csv", 3)
    assert row["原因 reason"] == "invalid_value" and row["当前状态"] == "失联"
    assert row["应填写"] == f"应为以下之一：{STATUSES}"
    assert row["accepted"] == "one of: " + ", ".join(spellings.STATUS)


def test_topnotch_year_before_the_cohort_names_the_cohort_year(run, quarantine):
    reason, column, reasons, *_, cohort_year, _ = quarantine[("2025/跟踪调查_广东_a.csv", 4)]
    assert (reason, column, cohort_year) == ("out_of_range", "topnotch_year", 2025)
    row = rejected_row(run, "2025/跟踪调查_广东_a.csv", 4)
    assert "2025" in row["应填写"] and "入选拔尖计划年份" == row["问题列 column"]


# --- every rule of a row ----------------------------------------------------------------

def test_a_row_breaking_three_rules_lists_all_three(run, quarantine):
    reason, column, reasons, *_ = quarantine[("2025/cohort_广东.csv", 2)]
    assert [(r["reason"], r["column_name"]) for r in reasons] == [
        ("invalid_value", "grade"), ("unknown_province", "province"), ("out_of_range", "cohort_year"),
    ]
    assert (reasons[0]["reason"], reasons[0]["column_name"]) == (reason, column)
    row = rejected_row(run, "2025/cohort_广东.csv", 2)
    assert row["原因 reason"].splitlines() == ["invalid_value", "unknown_province", "out_of_range"]
    assert row["问题列 column"].splitlines() == ["年级", "省份", "入选年份"]
    assert len(row["说明"].splitlines()) == len(row["meaning"].splitlines()) == 3


def test_every_reasons_list_starts_with_the_reason_and_keeps_the_contracts_order(quarantine):
    for (file_path, _), (reason, column, reasons, *_, source) in quarantine.items():
        assert (reasons[0]["reason"], reasons[0]["column_name"]) == (reason, column)
        order = column_names(source)
        keys = [(precedence(r["reason"]), order.index(r["column_name"]) if r["column_name"] else -1)
                for r in reasons]
        assert keys == sorted(keys), file_path


def test_a_cross_year_rule_is_listed_beside_a_row_rule(run, quarantine):
    """The hours row's student is known; a student in no cohort with a bad value would
    list unknown_student after it: here the unknown student's row lists only that."""
    assert [r["reason"] for r in quarantine[("2025/培养记录_广东.csv", 3)][2]] == ["unknown_student"]


# --- the related row of a duplicate -----------------------------------------------------

def test_a_duplicate_row_names_the_row_it_repeats(run, quarantine):
    assert quarantine[("2025/cohort_广东.csv", 6)][3:5] == ("2025/cohort_广东.csv", 5)
    row = rejected_row(run, "2025/cohort_广东.csv", 6)
    assert (row["相关文件 related file"], row["相关行 related row"]) == ("2025/cohort_广东.csv", "5")


def test_a_replaced_response_names_the_response_kept(run, quarantine):
    assert quarantine[("2025/跟踪调查_广东_a.csv", 2)][3:5] == ("2025/跟踪调查_广东_b.csv", 2)
    row = rejected_row(run, "2025/跟踪调查_广东_a.csv", 2)
    assert (row["相关文件 related file"], row["相关行 related row"]) == ("2025/跟踪调查_广东_b.csv", "2")


# --- the file's own headers, warnings, instructions, files rejected whole ---------------

def test_a_column_is_named_by_the_delivered_header(run):
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        (headers,) = con.execute("SELECT headers FROM audit.file_ingest WHERE file_path = ?",
                                 ["2025/培养记录_广东.csv"]).fetchone()
    assert json.loads(headers)["hours"] == "HOURS"
    sheet = workbook(run, "2025/培养记录_广东.csv")[REJECTED_SHEET]
    assert "HOURS" in next(sheet.iter_rows(values_only=True)) and "学时" not in next(sheet.iter_rows(values_only=True))
    assert rejected_row(run, "2025/培养记录_广东.csv", 2)["问题列 column"] == "HOURS"


def test_the_warnings_sheet_lists_a_warning_with_the_delivered_value(run):
    warnings = table(workbook(run, "2025/cohort_广东.csv")[WARNINGS_SHEET])
    mentor = [w for w in warnings if w["提示 warning"] == "unknown_mentor" and w["行号 row"] == "5"]
    assert mentor and mentor[0]["交付的值 delivered"] == "M999" and mentor[0]["列 column"] == "导师编号"


def test_the_instructions_say_how_to_redeliver_and_count_by_reason(run):
    cells = [c for row in workbook(run, "2025/cohort_广东.csv")[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
             for c in row if c]
    assert any("同一文件名" in c for c in cells) and any("duplicate_row" in c and "通过其他规则" in c for c in cells)
    rows = list(workbook(run, "2025/cohort_广东.csv")[INSTRUCTIONS_SHEET].iter_rows(values_only=True))
    counts = {r[0]: r[3] for r in rows if r[0] in ROW_REJECT_REASONS}
    assert counts["invalid_national_id"] == "1" and counts["duplicate_row"] == "1" and counts["invalid_value"] == "1"


def test_the_sheets_are_set_up_for_a_steward(run):
    book = workbook(run, "2025/cohort_广东.csv")
    assert book.sheetnames == [REJECTED_SHEET, WARNINGS_SHEET, INSTRUCTIONS_SHEET]
    sheet = book[REJECTED_SHEET]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
    # fitted to the content, capped (xlsxwriter adds its padding of 0.71)
    assert 6 <= sheet.column_dimensions["A"].width < sheet.column_dimensions["F"].width <= 61
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"s"}


def test_files_rejected_whole_are_explained_in_chinese_and_english(run):
    rows = table(openpyxl.load_workbook(run.output / "restricted" / "rejections" / FILE_REJECTIONS_WORKBOOK).active)
    (row,) = [r for r in rows if r["文件 file"] == "2025/培养记录_缺学时.csv"]
    assert row["原因 reason"] == "missing_column" and "缺少" in row["问题"] and "lacks" in row["message"]


# --- a real office suite opens them ------------------------------------------------------

def test_libreoffice_opens_the_workbooks_with_every_sheet_and_cell(run, tmp_path):
    folder = run.output / "restricted" / "rejections"
    originals = [folder / workbook_name("2025/cohort_广东.csv"), folder / FILE_REJECTIONS_WORKBOOK]
    resaved = resaved_by_libreoffice(originals, tmp_path)
    for original, again in zip(originals, resaved, strict=True):
        before = openpyxl.load_workbook(original)
        after = openpyxl.load_workbook(again)
        assert after.sheetnames == before.sheetnames
        for name in before.sheetnames:
            values = [[c for c in row if c not in (None, "")] for row in before[name].iter_rows(values_only=True)]
            again = [[c for c in row if c not in (None, "")] for row in after[name].iter_rows(values_only=True)]
            assert [r for r in again if r] == [r for r in values if r], name
    converted = openpyxl.load_workbook(resaved[0])[REJECTED_SHEET]
    # the filter and print set-up survive (a headless conversion keeps no view: no frozen pane)
    assert converted.auto_filter.ref.startswith("A1:") and converted.print_title_rows == "$1:$1"
    assert converted.page_setup.orientation == "landscape" and converted.page_setup.paperSize == 9
    assert any("应为 2025" in (c or "") for row in converted.iter_rows(values_only=True) for c in row)


# --- what_is_accepted on every rule the contract defines --------------------------------

RULES = [(s.name, reason, column) for s in DELIVERY_SOURCES for reason, column in contract_rules(s.name)]


def test_contract_rules_cover_every_check_and_every_row_reason():
    for source in DELIVERY_SOURCES:
        rules = contract_rules(source.name)
        assert {(c.reason, c.column) for c in single_row_checks(source.name)} <= set(rules)
    assert {reason for _, reason, _ in RULES} == set(ROW_REJECT_REASONS)


@pytest.mark.parametrize(("source", "reason", "column"), RULES)
def test_what_is_accepted_answers_every_rule_in_chinese_and_english(source, reason, column):
    zh, en = what_is_accepted(source, reason, column, 2025, survey_year=2025, person_cohort_year=2022)
    assert zh and en and zh != en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    if column in ("cohort_year", "survey_year") and reason == "out_of_range":
        assert zh.startswith("应为 2025") and "must be 2025" in en
    if column == "hours":
        assert f"不超过 {MAX_HOURS}" in zh and f"at most {MAX_HOURS}" in en
    if column == "activity_date":
        assert "2025-01-01" in zh and "2026-03-31" in en
    if column == "topnotch_year" and reason == "out_of_range":
        assert "2022" in zh and "2025" in en


@pytest.mark.parametrize("reason", ROW_WARN_REASONS)
def test_what_is_accepted_explains_every_warning(reason):
    column = {"gender_mismatch": "gender", "birth_date_mismatch": "birth_date",
              "unknown_university": "university", "unknown_mentor": "mentor_id"}.get(reason)
    zh, en = what_is_accepted("cohort", reason, column, 2025)
    assert zh and en


def test_what_is_accepted_refuses_what_the_contract_does_not_define():
    with pytest.raises(ValueError):
        what_is_accepted("training", "no_such_reason", "hours", 2025)
    with pytest.raises(ValueError):
        what_is_accepted("training", "out_of_range", "status", 2025)
