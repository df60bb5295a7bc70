"""What a cell or a row would need to be accepted, in Chinese and English: the text a
rejection workbook shows beside each reason, so a steward corrects a row in one round.

Every fact comes from the code that applies the rule, never from a copy: the spellings
(`pipelines.cleaning.spellings`), the ranges and the activity-date window
(`pipelines.cleaning.out_of_range`), the date forms (`pipelines.cleaning.dates`), the 32
units (`pipelines.contract.provinces`), the ID's length and check digit
(`pipelines.contract.national_id`) and the expected year Y (the delivery folder).

`contract_rules(source)` lists every (reason, column) a row of a source can be rejected
for, derived from the single-row checks and the registry's cross-year declarations, so
a test can ask `what_is_accepted` about each of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipelines.cleaning import spellings
from pipelines.cleaning.dates import WRITTEN_FORMS
from pipelines.cleaning.fields import COLUMN_KINDS, DATE, NUMBER, YEAR, Kind
from pipelines.cleaning.out_of_range import (
    MAX_HOURS,
    MIN_HOURS_EXCLUDED,
    SCORE_RANGE,
    activity_date_window,
)
from pipelines.cleaning.row_rules import single_row_checks
from pipelines.contract.columns import ALL_COLUMNS
from pipelines.contract.national_id import WEIGHTS
from pipelines.contract.provinces import PROVINCES
from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS, precedence
from pipelines.registry.sources import DELIVERY_SOURCES, MENTORS, UNIVERSITIES

Text = tuple[str, str]  # (Chinese, English)

NATIONAL_ID_LENGTH = len(WEIGHTS) + 1  # 17 weighted digits and the check character
DUPLICATE_ROW, UNKNOWN_STUDENT, DUPLICATE_RESPONSE = "duplicate_row", "unknown_student", "duplicate_response"

# Coded columns: the spellings table each is read with (every spelling is accepted).
CODED: Mapping[str, Mapping[str, object]] = {
    "gender": spellings.GENDER,
    "grade": spellings.GRADE,
    "discipline": spellings.DISCIPLINE,
    "selected": spellings.YES_NO,
    "activity_type": spellings.ACTIVITY_TYPE,
    "assessment_type": spellings.ASSESSMENT_TYPE,
    "result": spellings.RESULT,
    "status": spellings.STATUS,
    "major_category": spellings.MAJOR_CATEGORY,
    "admission_route": spellings.ADMISSION_ROUTE,
    "topnotch": spellings.YES_NO,
    "base_discipline": spellings.TOPNOTCH_DISCIPLINE,
}


def contract_rules(source: str) -> list[tuple[str, str | None]]:
    """Every (reason, column) a row of `source` can be rejected for, in the contract's
    precedence: its single-row checks, duplicate_row, and the cross-year rules the
    registry declares for it (unknown_student; duplicate_response and topnotch_year
    before the cohort year for a source with those cross-year columns)."""
    declared = next(s for s in DELIVERY_SOURCES if s.name == source)
    rules = [(c.reason, c.column) for c in single_row_checks(source)]
    rules.append((DUPLICATE_ROW, None))
    if declared.checked_against_cohort:
        rules.append((UNKNOWN_STUDENT, "national_id"))
    if "survey_year" in declared.cross_year_columns:
        rules.append((DUPLICATE_RESPONSE, None))
    if "topnotch_year" in declared.cross_year_columns and ("out_of_range", "topnotch_year") not in rules:
        rules.append(("out_of_range", "topnotch_year"))
    return sorted(dict.fromkeys(rules), key=lambda rule: precedence(rule[0]))


def what_is_accepted(
    source: str,
    reason: str,
    column: str | None,
    year: int,
    *,
    survey_year: int | None = None,
    person_cohort_year: int | None = None,
) -> Text:
    """What would be accepted for a row of `source` in the delivery folder `year` that
    breaks `reason` on `column` (Chinese, English). `survey_year` and
    `person_cohort_year` make the topnotch_year and unknown_student texts exact."""
    if reason not in ROW_REJECT_REASONS + ROW_WARN_REASONS:
        raise ValueError(f"{reason!r} is no row reason code of the contract")
    if column is not None and column not in {c.name for c in ALL_COLUMNS[source]}:
        raise ValueError(f"{column!r} is no column of {source}")
    if reason == "missing_value":
        zh, en = column_accepts(column, year)
        return f"必填，不能为空；{zh}", f"required, must not be empty; {en}"
    if reason in ("invalid_national_id", "invalid_value", "unknown_province"):
        return column_accepts(column, year)
    if reason == "out_of_range":
        return _in_range(column, year, survey_year, person_cohort_year)
    if reason == DUPLICATE_ROW:
        return ("每行只交一次：删除此重复行（它与“相关行”完全相同），或改正为应有的内容",
                "each row once: delete this repeated row (identical to the related row), or correct it")
    if reason == UNKNOWN_STUDENT:
        zh = f"身份证号应为 {year} 年或以前年度学员名单中已接收的学生"
        en = f"the national ID of a student accepted in the cohort of {year} or an earlier year"
        if person_cohort_year is not None and person_cohort_year > year:
            zh += f"（该学生 {person_cohort_year} 年才入选）"
            en += f" (this student was selected only in {person_cohort_year})"
        return zh, en
    if reason == DUPLICATE_RESPONSE:
        return ("每人每个调查年份一条回答：以文件名、行号顺序最后的一条为准（见“相关行”），此行可删除",
                "one response per person and survey year: the last in file-name and row order is kept "
                "(the related row); this row can be deleted")
    return _warning(reason, column)


def column_accepts(column: str | None, year: int) -> Text:
    """What a column's cell may hold (spellings, type, the 32 units, a valid ID)."""
    if column == "national_id":
        return (f"{NATIONAL_ID_LENGTH} 位身份证号（GB 11643-1999）：地区码、出生日期正确，末位校验码正确（可为 X）",
                f"an {NATIONAL_ID_LENGTH}-character national ID (GB 11643-1999) with a valid area code, "
                "birth date and check character (may be X)")
    if column == "province":
        units = "、".join(p.short_name for p in PROVINCES)
        return (f"{len(PROVINCES)} 个填报单位之一（全称、简称、拼音或六位代码均可）：{units}",
                f"one of the {len(PROVINCES)} reporting units (full or short name, pinyin or six-digit code): "
                + ", ".join(p.pinyin for p in PROVINCES))
    if column in CODED:
        listed = "、".join(CODED[column])
        return f"应为以下之一：{listed}", "one of: " + ", ".join(CODED[column])
    kind: Kind | None = COLUMN_KINDS.get(column) if column else None
    if kind is DATE:
        forms = [example for _, example in WRITTEN_FORMS]
        zh, en = ("日期，如 " + "、".join(forms) + " 或 Excel 日期单元格",
                  "a date such as " + ", ".join(forms) + " or an Excel date cell")
        if column == "activity_date":
            first, last = activity_date_window(year)
            zh, en = f"{zh}，在 {first} 至 {last} 之间", f"{en}, from {first} to {last}"
        return zh, en
    if kind is YEAR:
        if column in ("cohort_year", "survey_year", "entry_year"):
            return _expected_year(year)
        return "四位数字的年份，如 2021", "a four-digit year such as 2021"
    if kind is NUMBER:
        if column == "hours":
            return _hours()
        if column == "selection_score":
            return _score()
        return "数字，如 3 或 3.5", "a number such as 3 or 3.5"
    return "任意非空文字", "any text that is not empty"


def _in_range(column: str | None, year: int, survey_year: int | None, cohort_year: int | None) -> Text:
    if column in ("cohort_year", "survey_year", "entry_year"):
        return _expected_year(year)
    if column == "hours":
        return _hours()
    if column == "selection_score":
        return _score()
    if column == "activity_date":
        first, last = activity_date_window(year)
        return f"{first} 至 {last} 之间的日期", f"a date from {first} to {last}"
    if column == "topnotch_year":
        low_zh = f"不早于入选英才计划的年份（{cohort_year}）" if cohort_year is not None else "不早于入选英才计划的年份"
        low_en = f"not before the year selected into the programme ({cohort_year})" if cohort_year is not None \
            else "not before the year selected into the programme"
        survey = survey_year if survey_year is not None else year
        return f"{low_zh}，且不晚于调查年份（{survey}）", f"{low_en} and not after the survey year ({survey})"
    raise ValueError(f"no out_of_range rule on column {column!r}")


def _expected_year(year: int) -> Text:
    return f"应为 {year}（本年度文件夹），或留空", f"must be {year} (the delivery folder's year), or left empty"


def _hours() -> Text:
    return (f"大于 {MIN_HOURS_EXCLUDED} 且不超过 {MAX_HOURS} 的数字",
            f"greater than {MIN_HOURS_EXCLUDED} and at most {MAX_HOURS}")


def _score() -> Text:
    low, high = SCORE_RANGE
    return f"{low} 到 {high} 之间的数字", f"a number from {low} to {high}"


def _warning(reason: str, column: str | None) -> Text:
    """Warnings: the row was accepted; what would silence the warning."""
    if reason == "gender_mismatch":
        return "应与身份证号第 17 位一致（奇数为男，偶数为女）；已按身份证号处理", \
            "should agree with the ID's 17th digit (odd: male, even: female); the ID was used"
    if reason == "birth_date_mismatch":
        return "应与身份证号第 7–14 位的出生日期一致；已按身份证号处理", \
            "should agree with the birth date in digits 7–14 of the ID; the ID was used"
    if reason == "unknown_university":
        return (f"参考名单 reference/{UNIVERSITIES.file_name} 中的高校名称或别名；不在名单中的仍已接收，但无高校代码",
                f"a name or alias in reference/{UNIVERSITIES.file_name}; kept without a university code")
    if reason == "unknown_mentor":
        return (f"参考名单 reference/{MENTORS.file_name} 中的导师编号；不在名单中的仍已接收，但无导师信息",
                f"a mentor_id in reference/{MENTORS.file_name}; kept without mentor attributes")
    if reason == "repeat_cohort":
        return "无需改正：该学生以前年度已入选，以最早入选年份为准", \
            "nothing to correct: the student was selected in an earlier year, which stands"
    if reason == "roster_id_invalid":
        return (f"{NATIONAL_ID_LENGTH} 位有效身份证号（GB 11643-1999），或留空；已接收，按其他字段关联",
                f"a valid {NATIONAL_ID_LENGTH}-character national ID (GB 11643-1999), or empty; "
                "the row was accepted and is linked by its other fields")
    raise ValueError(f"no text for warning {reason!r} on {column!r}")
