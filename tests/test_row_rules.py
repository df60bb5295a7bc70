"""Single-row rules of contract.md: each reject reason on a row made to break it and only
it, the precedence between reasons, the defaults, and the warnings."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.cleaning import check_rows
from pipelines.cleaning.codes import INVALID_VALUE
from pipelines.cleaning.fields import COLUMN_KINDS
from pipelines.cleaning.out_of_range import topnotch_year_before_cohort
from pipelines.cleaning.row_keys import normalised_values
from pipelines.cleaning.row_rules import single_row_checks, typed_rows
from pipelines.contract import national_id as reference_id
from pipelines.contract.columns import SOURCE_COLUMNS, column_names, required_columns
from pipelines.contract.reasons import ROW_REJECT_REASONS

BORN = dt.date(2005, 3, 14)
MALE_ID = reference_id.make("440106", BORN, 7, male=True)
FEMALE_ID = reference_id.make("440106", BORN, 8, male=False)
BAD_CHECK_ID = MALE_ID[:17] + ("0" if MALE_ID[17] != "0" else "1")

YEAR = {"cohort": 2019, "applicants": 2019, "training": 2019, "assessment": 2019, "followup": 2024,
        "topnotch_roster": 2023}

VALID_ROW: dict[str, dict[str, str]] = {
    "cohort": {
        "national_id": MALE_ID, "name": "张三", "gender": "男", "birth_date": "2005-03-14",
        "province": "广东", "school": "华南师范大学附属中学", "grade": "高一", "discipline": "数学",
        "university": "中山大学", "mentor_id": "M0001", "cohort_year": "2019",
    },
    "applicants": {
        "national_id": MALE_ID, "name": "张三", "gender": "男", "province": "广东",
        "school": "华南师范大学附属中学", "grade": "高一", "discipline": "数学",
        "selection_score": "87.5", "selected": "是",
    },
    "training": {
        "national_id": MALE_ID, "activity_date": "2019-09-01", "activity_type": "科研实践",
        "hours": "3", "mentor_id": "M0001",
    },
    "assessment": {
        "national_id": MALE_ID, "assessment_type": "中期", "result": "优秀",
        "assessment_date": "2019-07-01",
    },
    "followup": {
        "national_id": MALE_ID, "name": "张三", "survey_year": "2024", "status": "本科在读",
        "university": "北京大学", "major": "数学与应用数学", "major_category": "基础学科",
        "admission_route": "强基计划", "topnotch": "是", "topnotch_base": "北京大学 数学",
        "topnotch_year": "2023",
    },
    "topnotch_roster": {
        "national_id": MALE_ID, "name": "张三", "gender": "男", "birth_date": "2005-03-14",
        "high_school": "华南师范大学附属中学", "province": "广东", "university": "北京大学",
        "base_discipline": "物理学", "entry_year": "2023",
    },
}

# A value no listed spelling matches, or a number/date/year that cannot be parsed.
INVALID_VALUES = {
    "gender": "未知", "birth_date": "2005-02-30", "grade": "高三", "discipline": "语文",
    "cohort_year": "二〇一九", "selection_score": "八十七", "selected": "也许",
    "activity_date": "2019-13-01", "activity_type": "郊游", "hours": "三小时",
    "assessment_type": "期末", "result": "良好", "assessment_date": "七月",
    "survey_year": "今年", "status": "待业", "major_category": "工科",
    "admission_route": "高考", "topnotch": "不确定", "topnotch_year": "2023年",
    "base_discipline": "物理", "entry_year": "二〇二三",
}

SOURCES = tuple(SOURCE_COLUMNS)


def raw_frame(source: str, *changes: dict[str, str | None], drop: tuple[str, ...] = ()) -> pl.DataFrame:
    """Raw rows of a source: the valid row with each dict of changes applied, one row per
    dict (one valid row when none), laid out as the raw layer delivers them."""
    rows = [{**VALID_ROW[source], **change} for change in (changes or ({},))]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in column_names(source)})
    return frame.drop(drop).with_columns(
        file_path=pl.lit(f"{YEAR[source]}/{source}.csv"),
        row_number=pl.int_range(2, frame.height + 2, dtype=pl.Int64),
        year=pl.lit(YEAR[source], dtype=pl.Int32),
    )


def outcome(source: str, change: dict[str, str | None]) -> tuple[str | None, str | None]:
    row = check_rows(raw_frame(source, change), source).rows.row(0, named=True)
    return row["reject_reason"], row["reject_column"]


def cases(columns_of: dict[str, object]) -> list[tuple[str, str]]:
    return [(s, c) for s in SOURCES for c in column_names(s) if c in columns_of]


# --- the baseline ---------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
def test_a_valid_row_passes(source: str) -> None:
    checked = check_rows(raw_frame(source), source)
    assert checked.rows["reject_reason"].to_list() == [None]
    assert checked.rows["reject_column"].to_list() == [None]
    assert checked.warnings.height == 0


@pytest.mark.parametrize("source", SOURCES)
def test_output_layout_keeps_every_row_the_typed_values_and_the_raw_text(source: str) -> None:
    raw = raw_frame(source, {}, {"national_id": ""}).with_columns(extra_column=pl.lit("x"))
    rows = check_rows(raw, source).rows
    names = column_names(source)
    assert rows.columns == [
        "file_path", "row_number", "year", *names, *(f"{c}_raw" for c in names),
        "reject_reason", "reject_column",
    ]
    assert rows.height == raw.height
    assert rows.select(f"{c}_raw" for c in names).rows() == raw.select(names).rows()
    assert rows["row_number"].to_list() == [2, 3]


def test_typed_values_of_a_cohort_row() -> None:
    raw = raw_frame("cohort", {
        "national_id": f" {MALE_ID[:6]} {MALE_ID[6:].lower()}", "gender": "M", "birth_date": "2005年3月14日",
        "province": "Guangdong", "grade": "10", "discipline": "Math", "cohort_year": "2019.0",
        "name": " 张三 ",
    })
    row = check_rows(raw, "cohort").rows.row(0, named=True)
    assert {k: row[k] for k in column_names("cohort")} == {
        "national_id": MALE_ID, "name": "张三", "gender": "男", "birth_date": BORN,
        "province": "440000", "school": "华南师范大学附属中学", "grade": "高一", "discipline": "数学",
        "university": "中山大学", "mentor_id": "M0001", "cohort_year": 2019,
    }
    assert row["reject_reason"] is None


def test_typed_dtypes() -> None:
    schema = typed_rows(raw_frame("followup"), "followup").collect_schema()
    assert schema["survey_year"] == pl.Int32 and schema["topnotch_year"] == pl.Int32
    assert schema["topnotch"] == pl.Boolean
    training = typed_rows(raw_frame("training"), "training").collect_schema()
    assert training["activity_date"] == pl.Date and training["hours"] == pl.Float64
    assert check_rows(raw_frame("applicants"), "applicants").rows.row(0, named=True)["selected"] is True


# --- invalid_national_id --------------------------------------------------------------


@pytest.mark.parametrize("source", [s for s in SOURCES if s != "topnotch_roster"])
def test_invalid_national_id(source: str) -> None:
    assert outcome(source, {"national_id": BAD_CHECK_ID}) == ("invalid_national_id", "national_id")


def test_an_invalid_roster_id_is_no_rejection() -> None:
    """topnotch_roster: an ID that fails the check is ignored for linking and warned
    (roster_id_invalid, in audit.row_warnings); the row is kept with what it gave."""
    row = check_rows(raw_frame("topnotch_roster", {"national_id": BAD_CHECK_ID}), "topnotch_roster").rows.row(0, named=True)
    assert (row["reject_reason"], row["reject_column"]) == (None, None)
    assert outcome("topnotch_roster", {"national_id": None}) == (None, None)


@pytest.mark.parametrize(
    "number",
    ["4.40106200501011E+17", MALE_ID[:6] + MALE_ID[8:17], MALE_ID[:17], "0" * 18],
    ids=["excel_float_damage", "old_15_digit", "17_characters", "bad_area_and_date"],
)
def test_invalid_national_id_kinds(number: str) -> None:
    assert outcome("training", {"national_id": number}) == ("invalid_national_id", "national_id")


# --- missing_value --------------------------------------------------------------------


@pytest.mark.parametrize(("source", "column"), [(s, c.name) for s in SOURCES for c in required_columns(s)])
@pytest.mark.parametrize(
    "blank", [None, "", "   ", "\u3000", "\t\u00a0"],
    ids=["null", "empty", "spaces", "ideographic_space", "tab_nbsp"],
)
def test_missing_value(source: str, column: str, blank: str | None) -> None:
    assert outcome(source, {column: blank}) == ("missing_value", column)


def test_missing_value_for_an_empty_national_id_not_invalid_national_id() -> None:
    assert outcome("cohort", {"national_id": " "}) == ("missing_value", "national_id")


def test_missing_value_for_a_required_column_the_frame_lacks() -> None:
    rows = check_rows(raw_frame("training", drop=("hours",)), "training").rows
    assert rows.select("reject_reason", "reject_column").row(0) == ("missing_value", "hours")


@pytest.mark.parametrize(
    ("source", "column"), [(s, c.name) for s in SOURCES for c in SOURCE_COLUMNS[s] if not c.required]
)
def test_optional_columns_may_be_blank_or_absent(source: str, column: str) -> None:
    assert outcome(source, {column: ""}) == (None, None)
    assert check_rows(raw_frame(source, drop=(column,)), source).rows["reject_reason"].to_list() == [None]


# --- invalid_value --------------------------------------------------------------------


def test_invalid_value_cases_cover_every_column_that_can_fail_to_parse() -> None:
    assert set(INVALID_VALUES) == {c for c, kind in COLUMN_KINDS.items() if kind.failure == INVALID_VALUE}


@pytest.mark.parametrize(("source", "column"), cases(INVALID_VALUES))
def test_invalid_value(source: str, column: str) -> None:
    assert outcome(source, {column: INVALID_VALUES[column]}) == ("invalid_value", column)


@pytest.mark.parametrize(
    ("source", "column", "delivered"),
    [("training", "hours", "NaN"), ("training", "activity_date", "2019-02-30"),
     ("cohort", "grade", "10.5"), ("applicants", "selected", "yes"), ("followup", "topnotch_year", "23.5")],
)
def test_invalid_value_more_kinds(source: str, column: str, delivered: str) -> None:
    assert outcome(source, {column: delivered}) == ("invalid_value", column)


# --- unknown_province -----------------------------------------------------------------


@pytest.mark.parametrize("source", ["cohort", "applicants"])
@pytest.mark.parametrize("delivered", ["广州", "440100", "Canton", "香港"])
def test_unknown_province(source: str, delivered: str) -> None:
    assert outcome(source, {"province": delivered}) == ("unknown_province", "province")


def test_bingtuan_and_xinjiang_are_distinct_units() -> None:
    rows = check_rows(raw_frame("cohort", {"province": "兵团"}, {"province": "新疆"}), "cohort").rows
    assert rows["province"].to_list() == ["660000", "650000"]
    assert rows["reject_reason"].to_list() == [None, None]


# --- out_of_range ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column", "delivered"),
    [
        ("training", "hours", "0"),
        ("training", "hours", "-1"),
        ("training", "hours", "24.5"),
        ("applicants", "selection_score", "-0.5"),
        ("applicants", "selection_score", "100.5"),
        ("training", "activity_date", "2018-12-31"),
        ("training", "activity_date", "2020-04-01"),
        ("followup", "survey_year", "2023"),
        ("cohort", "cohort_year", "2020"),
        ("followup", "topnotch_year", "2025"),
    ],
)
def test_out_of_range(source: str, column: str, delivered: str) -> None:
    assert outcome(source, {column: delivered}) == ("out_of_range", column)


@pytest.mark.parametrize(
    ("source", "column", "delivered"),
    [
        ("training", "hours", "24"),
        ("training", "hours", "0.5"),
        ("applicants", "selection_score", "0"),
        ("applicants", "selection_score", "100"),
        ("training", "activity_date", "2019-01-01"),
        ("training", "activity_date", "2020-03-31"),
        ("followup", "topnotch_year", "2024"),
    ],
)
def test_out_of_range_bounds_are_inclusive(source: str, column: str, delivered: str) -> None:
    assert outcome(source, {column: delivered}) == (None, None)


def test_out_of_range_topnotch_year_before_cohort_year_helper() -> None:
    frame = pl.DataFrame(
        {"topnotch_year": [2018, 2019, 2020, None, 2018], "cohort_year": [2019, 2019, 2019, 2019, None]}
    )
    before = frame.select(topnotch_year_before_cohort(pl.col("topnotch_year"), pl.col("cohort_year")))
    assert before.to_series().to_list() == [True, False, False, False, False]


# --- defaults -------------------------------------------------------------------------


def test_blank_cohort_year_defaults_to_the_folder_year() -> None:
    rows = check_rows(raw_frame("cohort", {"cohort_year": ""}, {"cohort_year": None}), "cohort").rows
    assert rows["cohort_year"].to_list() == [2019, 2019]
    assert rows["reject_reason"].to_list() == [None, None]
    absent = check_rows(raw_frame("cohort", drop=("cohort_year",)), "cohort").rows
    assert absent["cohort_year"].to_list() == [2019]


def test_blank_survey_year_defaults_to_the_folder_year() -> None:
    rows = check_rows(raw_frame("followup", {"survey_year": " "}), "followup").rows
    assert rows.select("survey_year", "reject_reason").row(0) == (2024, None)


def test_missing_topnotch_means_no() -> None:
    rows = check_rows(raw_frame("followup", {"topnotch": ""}, {"topnotch": "否"}), "followup").rows
    assert rows["topnotch"].to_list() == [False, False]
    absent = check_rows(raw_frame("followup", drop=("topnotch",)), "followup").rows
    assert absent["topnotch"].to_list() == [False]


# --- precedence -----------------------------------------------------------------------


def test_precedence_follows_the_contract_order() -> None:
    for source in SOURCES:
        order = [ROW_REJECT_REASONS.index(c.reason) for c in single_row_checks(source)]
        assert order == sorted(order)


@pytest.mark.parametrize(
    ("source", "change", "expected"),
    [
        ("cohort", {"national_id": BAD_CHECK_ID, "name": ""}, ("invalid_national_id", "national_id")),
        ("cohort", {"name": "", "grade": "高三"}, ("missing_value", "name")),
        ("cohort", {"grade": "", "gender": "未知"}, ("missing_value", "grade")),
        ("cohort", {"grade": "高三", "province": "火星"}, ("invalid_value", "grade")),
        ("cohort", {"province": "火星", "cohort_year": "2020"}, ("unknown_province", "province")),
        ("training", {"hours": "三", "activity_date": "2018-01-01"}, ("invalid_value", "hours")),
        (
            "training",
            {"national_id": BAD_CHECK_ID, "hours": "", "activity_type": "郊游", "activity_date": "2030-01-01"},
            ("invalid_national_id", "national_id"),
        ),
        (
            "applicants",
            {"selection_score": "", "selected": "也许", "province": "火星"},
            ("missing_value", "selection_score"),
        ),
    ],
    ids=["invalid_national_id_before_missing_value", "missing_value_before_invalid_value",
         "missing_value_before_invalid_value_of_an_earlier_column", "invalid_value_before_unknown_province",
         "unknown_province_before_out_of_range", "invalid_value_before_out_of_range",
         "invalid_national_id_before_everything", "missing_value_before_invalid_value_and_unknown_province"],
)
def test_precedence(source: str, change: dict[str, str], expected: tuple[str, str]) -> None:
    assert outcome(source, change) == expected


@pytest.mark.parametrize(
    ("source", "change", "expected"),
    [
        ("cohort", {"mentor_id": "", "name": ""}, ("missing_value", "name")),
        ("cohort", {"discipline": "语文", "gender": "未知"}, ("invalid_value", "gender")),
        ("training", {"hours": "0", "activity_date": "2018-01-01"}, ("out_of_range", "activity_date")),
        ("followup", {"survey_year": "2023", "topnotch_year": "2025"}, ("out_of_range", "survey_year")),
    ],
)
def test_within_a_reason_the_first_column_in_contract_order(
    source: str, change: dict[str, str], expected: tuple[str, str]
) -> None:
    assert outcome(source, change) == expected


# --- warnings -------------------------------------------------------------------------


def test_gender_mismatch() -> None:
    checked = check_rows(raw_frame("cohort", {"gender": "女"}), "cohort")
    assert checked.rows.select("gender", "gender_raw", "reject_reason").row(0) == ("男", "女", None)
    assert checked.warnings.rows() == [("2019/cohort.csv", 2, "gender_mismatch", "gender")]


def test_gender_mismatch_in_applicants() -> None:
    checked = check_rows(raw_frame("applicants", {"national_id": FEMALE_ID, "gender": "M"}), "applicants")
    assert checked.rows["gender"].to_list() == ["女"]
    assert checked.warnings.rows() == [("2019/applicants.csv", 2, "gender_mismatch", "gender")]


def test_birth_date_mismatch() -> None:
    checked = check_rows(raw_frame("cohort", {"birth_date": "2005/3/15"}), "cohort")
    assert checked.rows["birth_date"].to_list() == [BORN]
    assert checked.warnings.rows() == [("2019/cohort.csv", 2, "birth_date_mismatch", "birth_date")]


def test_a_row_can_carry_several_warnings() -> None:
    checked = check_rows(raw_frame("cohort", {"gender": "female", "birth_date": "20050315"}), "cohort")
    assert checked.warnings.rows() == [
        ("2019/cohort.csv", 2, "gender_mismatch", "gender"),
        ("2019/cohort.csv", 2, "birth_date_mismatch", "birth_date"),
    ]


def test_empty_gender_is_taken_from_the_id_without_warning() -> None:
    raw = raw_frame("cohort", {"national_id": FEMALE_ID, "gender": ""}, {"national_id": MALE_ID, "gender": None})
    checked = check_rows(raw, "cohort")
    assert checked.rows["gender"].to_list() == ["女", "男"]
    assert checked.warnings.height == 0


def test_empty_birth_date_is_taken_from_the_id_without_warning() -> None:
    checked = check_rows(raw_frame("cohort", {"birth_date": ""}), "cohort")
    assert checked.rows["birth_date"].to_list() == [BORN]
    assert checked.warnings.height == 0


def test_agreeing_spellings_do_not_warn() -> None:
    checked = check_rows(raw_frame("cohort", {"gender": "Male", "birth_date": "38425"}), "cohort")
    assert checked.warnings.height == 0


def test_rejected_rows_carry_no_warnings() -> None:
    checked = check_rows(raw_frame("cohort", {"gender": "女", "province": "火星"}), "cohort")
    assert checked.rows["reject_reason"].to_list() == ["unknown_province"]
    assert checked.warnings.height == 0


def test_warning_table_shape_for_a_source_without_warnings() -> None:
    warnings = check_rows(raw_frame("training"), "training").warnings
    assert warnings.schema == pl.Schema(
        {"file_path": pl.String, "row_number": pl.Int64, "reason": pl.String, "column_name": pl.String}
    )


# --- room for the cross-row rules -----------------------------------------------------


def test_normalised_values_make_spellings_of_one_row_identical() -> None:
    raw = raw_frame(
        "cohort",
        {},
        {"national_id": f" {MALE_ID.lower()} ", "gender": "M", "birth_date": "", "province": "440000",
         "grade": "10", "discipline": "mathematics", "cohort_year": ""},
        {"gender": "女"},
    )
    values = normalised_values(check_rows(raw, "cohort").rows, "cohort").drop("row_number")
    assert values.row(0) == values.row(1)
    assert values.row(0) != values.row(2)
    assert values.columns == ["file_path", "year", *column_names("cohort")]
