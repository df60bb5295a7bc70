"""The columns of every source and reference table: English name, canonical Chinese
header, aliases and whether the column is required.

Headers in a delivered file are matched after `header_key`: trimmed, NFKC-normalised (so
full-width and half-width forms compare equal) and case-folded. The English name is the
column's name everywhere inside the warehouse.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    canonical: str | None
    aliases: tuple[str, ...] = ()
    required: bool = False

    def header_keys(self) -> tuple[str, ...]:
        spellings = (self.name, *((self.canonical,) if self.canonical else ()), *self.aliases)
        return tuple(header_key(s) for s in spellings)


def header_key(header: object) -> str:
    """A header as compared against the contract: trimmed, width-folded, case-folded."""
    if header is None:
        return ""
    text = unicodedata.normalize("NFKC", str(header))
    return "".join(text.split()).casefold() if text.strip() else ""


def _c(name: str, canonical: str | None, *aliases: str, required: bool = False) -> Column:
    return Column(name=name, canonical=canonical, aliases=tuple(aliases), required=required)


NATIONAL_ID = _c("national_id", "身份证号", "身份证号码", "证件号码", required=True)

SOURCE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "cohort": (
        NATIONAL_ID,
        _c("name", "姓名", "学生姓名", required=True),
        _c("gender", "性别"),
        _c("birth_date", "出生日期"),
        _c("province", "省份", "省(区、市)", "所在省份", required=True),
        _c("school", "中学", "就读中学", "学校", required=True),
        _c("grade", "年级", required=True),
        _c("discipline", "学科", "学科方向", required=True),
        _c("university", "培养高校", "高校", required=True),
        _c("mentor_id", "导师编号", "导师工号", required=True),
        _c("cohort_year", "入选年份", "年度"),
    ),
    "applicants": (
        NATIONAL_ID,
        _c("name", "姓名", "学生姓名", required=True),
        _c("gender", "性别"),
        _c("province", "省份", "省(区、市)", "所在省份", required=True),
        _c("school", "中学", "就读中学", "学校", required=True),
        _c("grade", "年级", required=True),
        _c("discipline", "学科", "学科方向", required=True),
        _c("selection_score", "选拔成绩", required=True),
        _c("selected", "是否入选", required=True),
    ),
    "training": (
        NATIONAL_ID,
        _c("activity_date", "活动日期", required=True),
        _c("activity_type", "活动类型", required=True),
        _c("hours", "学时", required=True),
        _c("mentor_id", "导师编号", "导师工号"),
    ),
    "assessment": (
        NATIONAL_ID,
        _c("assessment_type", "考核类型", required=True),
        _c("result", "考核结果", required=True),
        _c("assessment_date", "考核日期"),
    ),
    "followup": (
        NATIONAL_ID,
        _c("name", "姓名", "学生姓名"),
        _c("survey_year", "调查年份"),
        _c("status", "当前状态", required=True),
        _c("university", "就读高校"),
        _c("major", "专业"),
        _c("major_category", "专业类别"),
        _c("admission_route", "录取方式"),
        _c("topnotch", "是否入选拔尖计划"),
        _c("topnotch_base", "拔尖计划基地"),
        _c("topnotch_year", "入选拔尖计划年份"),
    ),
}

REFERENCE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "universities": (
        _c("university_code", None, required=True),
        _c("name", None, required=True),
        _c("aliases", None),
        _c("province_code", None, required=True),
        _c("topnotch_host", None),
    ),
    "mentors": (
        _c("mentor_id", None, required=True),
        _c("name", None, required=True),
        _c("university_code", None, required=True),
        _c("discipline", None, required=True),
        _c("title", None, required=True),
    ),
    "topnotch_bases": (
        _c("university_code", None, required=True),
        _c("discipline", None, required=True),
        _c("batch_year", None, required=True),
    ),
}

ALL_COLUMNS: dict[str, tuple[Column, ...]] = {**SOURCE_COLUMNS, **REFERENCE_COLUMNS}


def column_names(source: str) -> tuple[str, ...]:
    return tuple(c.name for c in ALL_COLUMNS[source])


def required_columns(source: str) -> tuple[Column, ...]:
    return tuple(c for c in ALL_COLUMNS[source] if c.required)


def header_lookup(source: str) -> dict[str, str]:
    """Every accepted header spelling of a source (as `header_key`) → column name."""
    return {key: column.name for column in ALL_COLUMNS[source] for key in column.header_keys()}
