"""Reading delivered files as the contract describes: formats, encodings, header-row
detection, aliases, blank and total rows, and row numbers as a person sees them."""

import datetime as dt

import pytest
from filemaker import write_csv, write_xls, write_xlsx

from pipelines.ingest.deliveries import read_delivery
from pipelines.ingest.rejections import FileRejected

HEADER = ["身份证号", "考核类型", "考核结果", "考核日期"]
ROWS = [
    ["440106200501010154", "中期", "合格", "2019-06-30"],
    ["110101200403040021", "结业", "优秀", "2019-12-20"],
]


def read(path, source="assessment"):
    return read_delivery(path, path.name, source)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_reads_chinese_text(tmp_path, encoding):
    path = write_csv(tmp_path / "考核.csv", [HEADER, *ROWS], encoding)
    delivery = read(path)
    assert delivery.encoding == encoding
    assert delivery.rows["assessment_type"].to_list() == ["中期", "结业"]
    assert delivery.rows["row_number"].to_list() == [2, 3]


def test_gb18030_file_is_not_mistaken_for_utf8(tmp_path):
    path = write_csv(tmp_path / "考核.csv", [HEADER, ["1", "中期", "不合格", ""]], "gb18030")
    assert read(path).rows["result"].to_list() == ["不合格"]


@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_excel_first_sheet_under_a_merged_title_row(tmp_path, writer):
    suffix = ".xlsx" if writer is write_xlsx else ".xls"
    path = writer(tmp_path / f"考核{suffix}", [HEADER, *ROWS], title="2019年英才计划考核结果")
    delivery = read(path)
    assert delivery.header_row == 2
    assert delivery.rows["row_number"].to_list() == [3, 4]
    assert delivery.rows["national_id"].to_list() == [ROWS[0][0], ROWS[1][0]]
    assert delivery.sheet == "Sheet1"


def test_header_found_below_three_title_rows_and_blank_rows(tmp_path):
    rows = [["2019年英才计划"], ["考核结果汇总"], [], ["填报单位：广东省"], HEADER, *ROWS]
    delivery = read(write_xlsx(tmp_path / "考核.xlsx", rows))
    assert delivery.header_row == 5
    assert delivery.rows["row_number"].to_list() == [6, 7]


def test_blank_rows_and_trailing_total_row_are_not_data_rows(tmp_path):
    rows = [HEADER, ROWS[0], [None, None, None], ROWS[1], [], ["合计", "2", None, None]]
    delivery = read(write_xlsx(tmp_path / "考核.xlsx", rows))
    assert delivery.rows_read == 2
    assert delivery.rows["row_number"].to_list() == [2, 4]


def test_total_row_spelled_zongji_in_csv_is_skipped(tmp_path):
    path = write_csv(tmp_path / "考核.csv", [HEADER, *ROWS, ["总计", "", "", ""]])
    assert read(path).rows_read == 2


def test_total_label_inside_the_data_is_a_data_row(tmp_path):
    """Only a trailing total row is skipped; one in the middle stays (and the row rules
    will reject it)."""
    path = write_csv(tmp_path / "考核.csv", [HEADER, ROWS[0], ["合计", "", "", ""], ROWS[1]])
    assert read(path).rows["national_id"].to_list() == [ROWS[0][0], "合计", ROWS[1][0]]


@pytest.mark.parametrize(
    "spellings",
    [
        ["national_id", "assessment_type", "result", "assessment_date"],
        ["  身份证号码 ", "考核类型", "考核结果", "考核日期"],
        ["证件号码", "考核类型", "考核结果", "考核日期"],
        ["NATIONAL_ID", "Assessment_Type", "RESULT", "assessment_date"],
        ["ｎａｔｉｏｎａｌ＿ｉｄ", "考核类型", "考核结果", "考核日期"],  # full-width
    ],
    ids=["english", "alias-with-spaces", "alias-2", "upper-case", "full-width"],
)
def test_header_aliases_english_names_width_and_case(tmp_path, spellings):
    delivery = read(write_csv(tmp_path / "考核.csv", [spellings, *ROWS]))
    assert delivery.rows["national_id"].to_list() == [ROWS[0][0], ROWS[1][0]]
    assert delivery.rows["assessment_date"].to_list() == ["2019-06-30", "2019-12-20"]


def test_cohort_header_alias_with_full_width_brackets(tmp_path):
    header = ["身份证号", "学生姓名", "省（区、市）", "就读中学", "年级", "学科方向", "高校", "导师工号"]
    row = ["440106200501010154", "张三", "广东", "华南师大附中", "高一", "数学", "中山大学", "M001"]
    delivery = read(write_csv(tmp_path / "学员名单.csv", [header, row]), "cohort")
    assert delivery.rows.select("name", "province", "mentor_id").row(0) == ("张三", "广东", "M001")
    assert delivery.rows["gender"].to_list() == [None]  # optional column absent


def test_columns_outside_the_contract_are_kept_as_json(tmp_path):
    rows = [[*HEADER, "备注"], [*ROWS[0], "补交"], ROWS[1]]
    delivery = read(write_csv(tmp_path / "考核.csv", rows))
    assert delivery.rows["extra_columns"].to_list() == ['{"备注":"补交"}', None]


def test_excel_cells_become_the_text_a_person_typed(tmp_path):
    rows = [HEADER, [440106200501010154, "中期", "合格", dt.date(2019, 9, 1)], [4.40106200501011e17, "结业", 3, 43709]]
    delivery = read(write_xlsx(tmp_path / "考核.xlsx", rows))
    assert delivery.rows["assessment_date"].to_list() == ["2019-09-01", "43709"]
    assert delivery.rows["result"].to_list() == ["合格", "3"]
    # Excel keeps 15 significant digits: the damage stays visible for the row rules.
    assert delivery.rows["national_id"].to_list()[1] == "4.40106200501011e+17"


def test_csv_rows_longer_than_the_header_keep_every_cell(tmp_path):
    rows = [HEADER, ROWS[0], [*ROWS[1], "多出的一格"]]
    delivery = read(write_csv(tmp_path / "考核.csv", rows))
    assert delivery.rows_read == 2
    assert delivery.rows["extra_columns"].to_list() == [None, '{"column_E":"多出的一格"}']


def test_quoted_field_with_newline_is_one_row(tmp_path):
    path = tmp_path / "考核.csv"
    path.write_text("身份证号,考核类型,考核结果\n1,中期,\"合\n格\"\n2,结业,优秀\n", encoding="utf-8")
    assert read(path).rows["row_number"].to_list() == [2, 3]


def test_missing_required_column_names_it(tmp_path):
    path = write_csv(tmp_path / "考核.csv", [["身份证号", "考核类型"], ["1", "中期"]])
    with pytest.raises(FileRejected) as rejected:
        read(path)
    assert rejected.value.reason == "missing_column"
    assert "考核结果 (result)" in rejected.value.message


@pytest.mark.parametrize(
    "name, content",
    [("考核.csv", b"\x00\x01\x02binary"), ("考核.xlsx", b""), ("考核.xlsx", b"PK\x03\x04 not a zip"), ("考核.xls", b"<html>")],
    ids=["binary-csv", "empty-xlsx", "corrupt-xlsx", "html-as-xls"],
)
def test_unreadable_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRejected) as rejected:
        read(path)
    assert rejected.value.reason == "unreadable"
    assert name in rejected.value.message
