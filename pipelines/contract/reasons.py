"""Reason codes of contract.md: row rejections (in precedence order), warnings, and
file-level rejections. The order of ROW_REJECT_REASONS is the contract's precedence: a
row that breaks several rules is rejected for the first."""

from __future__ import annotations

ROW_REJECT_REASONS: tuple[str, ...] = (
    "invalid_national_id",
    "missing_value",
    "invalid_value",
    "unknown_province",
    "out_of_range",
    "duplicate_row",
    "unknown_student",
    "duplicate_response",
)

ROW_WARN_REASONS: tuple[str, ...] = (
    "gender_mismatch",
    "birth_date_mismatch",
    "unknown_university",
    "unknown_mentor",
    "repeat_cohort",
    "roster_id_invalid",
)

FILE_REJECT_REASONS: tuple[str, ...] = (
    "unknown_source",
    "missing_column",
    "unreadable",
)

FILE_STATUSES: tuple[str, ...] = ("loaded", "rejected")


def precedence(reason: str) -> int:
    """Position of a row reject reason in the contract's order (0 is checked first)."""
    return ROW_REJECT_REASONS.index(reason)

# What each code means, in the words a provincial office reads (Chinese first).
REASON_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "invalid_national_id": ("身份证号无效（位数、地区码、出生日期或校验位错误）", "national ID invalid (length, area, birth date or check digit)"),
    "missing_value": ("必填项为空", "a required cell is empty"),
    "invalid_value": ("取值不在规定范围内或无法识别", "a value no listed spelling matches, or an unparseable number or date"),
    "unknown_province": ("省份不属于32个填报单位", "province is not one of the 32 reporting units"),
    "out_of_range": ("数值或日期超出允许范围", "a number, date or year outside its allowed range"),
    "duplicate_row": ("与同年同类数据中的前一行完全重复", "identical to an earlier row of the same source and year"),
    "unknown_student": ("该学生不在本年度或以前年度的学员名单中", "the student is in no cohort of this or an earlier year"),
    "duplicate_response": ("同一学生同一调查年份有多条回答，仅保留最后一条", "a later response of the same person and survey year is kept"),
    "gender_mismatch": ("性别与身份证号不一致，以身份证号为准", "gender disagrees with the ID; the ID wins"),
    "birth_date_mismatch": ("出生日期与身份证号不一致，以身份证号为准", "birth date disagrees with the ID; the ID wins"),
    "unknown_university": ("培养高校不在参考名单中", "university not in the reference list"),
    "unknown_mentor": ("导师编号不在参考名单中", "mentor_id not in the reference list"),
    "repeat_cohort": ("该学生已在以前年度入选，以最早入选年份为准", "already selected in an earlier year; the earliest year stands"),
    "roster_id_invalid": ("身份证号无效，不作为关联依据；按姓名、出生日期、性别、中学和省份关联", "national ID fails the check; the row is linked by name, birth date, gender, school and province instead"),
    "unknown_source": ("文件名中没有可识别的数据类型关键词", "the file name names no source"),
    "missing_column": ("缺少必填列", "a required column is missing"),
    "unreadable": ("文件无法读取（损坏、格式或编码不符）", "the file cannot be read (corrupt, wrong format or encoding)"),
}
