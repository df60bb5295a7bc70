"""Every delivery source and reference file, declared once as plain data.

A declaration holds what is particular to a source: its name (the raw and staging table
names), the file-name keywords that recognise its files, its display names, its columns
(canonical Chinese header, aliases, required flag), how staging treats it, whether its
rows are checked against cohort membership, and the descriptions of its tables. Asset
specs and dependencies, the per-source unions of the quarantine, audit and check SQL, the
validation catalog, the quality page's listing and the demo generator are all derived
from `DELIVERY_SOURCES` and `REFERENCE_FILES`; nothing else spells a source's name.

Plain data, no Dagster: the pipeline and the presentation both import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A contract column: English name (its name everywhere in the warehouse), the
    canonical Chinese header of the template, accepted aliases, and whether a row
    without it is rejected (missing_value)."""

    name: str
    canonical: str | None
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class DeliverySource:
    """A yearly source: files under <year>/ whose name holds one of `keywords`."""

    name: str
    keywords: tuple[str, ...]
    label_zh: str
    label_en: str
    columns: tuple[Column, ...]
    raw_description: str
    staging_description: str
    # What the staging suite checks on the rows accepted within their year.
    validation_description: str
    # The delivered university text is matched to reference/universities.csv (staging
    # adds university_code; its suite checks the code).
    matches_university: bool = False
    # unknown_student: a row of a person with no accepted cohort row in this or an
    # earlier year is rejected in the quarantine.
    checked_against_cohort: bool = False
    # Columns the quarantine's cross-year rules read besides the lineage and the reason.
    cross_year_columns: tuple[str, ...] = ()
    # (column, description) of staging.<name>'s columns whose meaning is particular to
    # this source; the others mean what they mean everywhere (pipelines/descriptions.py).
    staging_columns: tuple[tuple[str, str], ...] = ()
    # An ID that fails the check rejects the row (invalid_national_id); where False the
    # ID is optional and a failing one only warns (roster_id_invalid): topnotch_roster.
    invalid_id_rejects: bool = True
    # Contract columns that stay in the raw layer and the restricted tables: staging and
    # everything after it carry person_key instead.
    restricted_columns: tuple[str, ...] = ("national_id", "name")


@dataclass(frozen=True)
class ReferenceFile:
    """A reference table delivered as reference/<file_name>."""

    name: str
    file_name: str
    label_zh: str
    label_en: str
    columns: tuple[Column, ...]
    raw_description: str


def _c(name: str, canonical: str | None, *aliases: str, required: bool = False) -> Column:
    return Column(name=name, canonical=canonical, aliases=tuple(aliases), required=required)


def _english_headers(*names: str, optional: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """Columns of a reference file: headed by their English names, required unless optional."""
    return tuple(Column(name, None, required=name not in optional) for name in names)


NATIONAL_ID = _c("national_id", "身份证号", "身份证号码", "证件号码", required=True)
_NAME = ("name", "姓名", "学生姓名")
_PROVINCE = _c("province", "省份", "省(区、市)", "所在省份", required=True)
_SCHOOL = _c("school", "中学", "就读中学", "学校", required=True)
_GRADE = _c("grade", "年级", required=True)
_DISCIPLINE = _c("discipline", "学科", "学科方向", required=True)
_MENTOR = ("mentor_id", "导师编号", "导师工号")

_ACCEPTED = (
    " Runs on the rows accepted within their year (row_reason IS NULL); rules that need "
    "other years are checked on quarantine.rejected_rows."
)

# The cohort leads: the other sources are checked against cohort membership, and the
# pipeline processes sources in this order.
COHORT = DeliverySource(
    name="cohort",
    keywords=("cohort", "学员名单"),
    label_zh="学员名单", label_en="Cohort",
    columns=(
        NATIONAL_ID,
        _c(*_NAME, required=True),
        _c("gender", "性别"),
        _c("birth_date", "出生日期"),
        _PROVINCE, _SCHOOL, _GRADE, _DISCIPLINE,
        _c("university", "培养高校", "高校", required=True),
        _c(*_MENTOR, required=True),
        _c("cohort_year", "入选年份", "年度"),
    ),
    raw_description="学员名单 rows as delivered: students selected into the programme in year Y.",
    staging_description="学员名单 typed: the student's province, school, grade, discipline, "
    "university (matched to a university_code) and mentor.",
    validation_description="Accepted 学员名单 rows: every column present with its type; "
    "required, defaulted and ID-supplied columns filled; gender, grade, discipline and "
    "province (one of the 32 units) canonical; cohort_year = the delivery year; "
    "university_code in staging.universities or empty." + _ACCEPTED,
    staging_columns=(
        ("province", "省份 as a six-digit GB/T 2260 code; NULL when the delivered province names none of the 32 units."),
        ("university", "培养高校 as delivered (the university training the student)."),
        ("cohort_year", "入选年份 as delivered; the delivery year when blank (any other year is out_of_range)."),
    ),
    matches_university=True,
)
APPLICANTS = DeliverySource(
    name="applicants",
    keywords=("applicants", "申请"),
    label_zh="申请", label_en="Applicants",
    columns=(
        NATIONAL_ID,
        _c(*_NAME, required=True),
        _c("gender", "性别"),
        _PROVINCE, _SCHOOL, _GRADE, _DISCIPLINE,
        _c("selection_score", "选拔成绩", required=True),
        _c("selected", "是否入选", required=True),
    ),
    raw_description="申请 rows as delivered: applicants of year Y with their selection score.",
    staging_description="申请 typed: applicants with selection score and whether selected.",
    validation_description="Accepted 申请 rows: columns and types; required columns filled; "
    "gender, grade, discipline and province canonical; selection_score within the "
    "contract's range." + _ACCEPTED,
    staging_columns=(
        ("province", "省份 as a six-digit GB/T 2260 code; NULL when the delivered province names none of the 32 units."),
    ),
)
TRAINING = DeliverySource(
    name="training",
    keywords=("training", "培养记录"),
    label_zh="培养记录", label_en="Training",
    columns=(
        NATIONAL_ID,
        _c("activity_date", "活动日期", required=True),
        _c("activity_type", "活动类型", required=True),
        _c("hours", "学时", required=True),
        _c(*_MENTOR),
    ),
    raw_description="培养记录 rows as delivered: one training activity attended by a student.",
    staging_description="培养记录 typed: one training activity with date, type and hours.",
    validation_description="Accepted 培养记录 rows: columns and types; required columns "
    "filled; activity_type canonical; hours within the contract's range." + _ACCEPTED,
    checked_against_cohort=True,
)
ASSESSMENT = DeliverySource(
    name="assessment",
    keywords=("assessment", "考核"),
    label_zh="考核", label_en="Assessment",
    columns=(
        NATIONAL_ID,
        _c("assessment_type", "考核类型", required=True),
        _c("result", "考核结果", required=True),
        _c("assessment_date", "考核日期"),
    ),
    raw_description="考核 rows as delivered: one mid-term (中期) or final (结业) assessment result.",
    staging_description="考核 typed: one mid-term or final assessment result.",
    validation_description="Accepted 考核 rows: columns and types; required columns filled; "
    "assessment_type and result canonical." + _ACCEPTED,
    checked_against_cohort=True,
)
FOLLOWUP = DeliverySource(
    name="followup",
    keywords=("followup", "跟踪调查"),
    label_zh="跟踪调查", label_en="Follow-up",
    columns=(
        NATIONAL_ID,
        _c(*_NAME),
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
    raw_description="跟踪调查 rows as delivered: one survey response of an alumnus in year Y.",
    staging_description="跟踪调查 typed: one survey response with status, university, major, "
    "admission route and Top-Notch selection.",
    validation_description="Accepted 跟踪调查 rows: columns and types; required and "
    "defaulted columns filled; status, major_category and admission_route canonical; "
    "survey_year = the delivery year; topnotch_year not after survey_year; "
    "university_code in staging.universities or empty." + _ACCEPTED,
    matches_university=True,
    checked_against_cohort=True,
    # duplicate_response (one response per survey year) and topnotch_year not before
    # the cohort year.
    cross_year_columns=("survey_year", "topnotch_year"),
    staging_columns=(
        ("university", "就读高校 as answered (the university the alumnus attends)."),
        ("major_category", "专业类别 as answered (基础学科 or 其他); blank in most answers."),
        ("survey_year", "调查年份 as delivered; the delivery year when blank."),
    ),
)

# The bases' rosters (issue 15). The discipline is the base's, one of the 拔尖计划2.0
# disciplines (物理学, not the programme's 物理): inside the warehouse the column is
# `base_discipline`, so that it never mixes with the programme's `discipline`; its
# delivered headers are the contract's (基地学科, 学科, discipline).
TOPNOTCH_ROSTER = DeliverySource(
    name="topnotch_roster",
    keywords=("topnotch_roster", "拔尖"),
    label_zh="拔尖计划学生名单", label_en="Top-Notch rosters",
    columns=(
        _c("national_id", "身份证号", "证件号码"),
        _c(*_NAME, required=True),
        _c("gender", "性别"),
        _c("birth_date", "出生日期"),
        _c("high_school", "毕业中学", "中学"),
        _c("province", "生源省份", "省份"),
        _c("university", "基地高校", "高校", "培养高校", required=True),
        _c("base_discipline", "基地学科", "学科", "discipline", required=True),
        _c("entry_year", "入选年份"),
    ),
    raw_description="拔尖计划学生名单 rows as delivered: one student admitted to a 拔尖计划2.0 "
    "base in year Y (names, birth dates and schools as the base wrote them).",
    staging_description="拔尖计划学生名单 typed: the base (university matched to a "
    "university_code, discipline), the entry year, the student's province and gender; "
    "person_key where the row's ID is valid. Names, birth dates and high schools stay in "
    "the raw layer and the restricted linkage (restricted.roster_links).",
    validation_description="Accepted 拔尖计划学生名单 rows: columns and types; required and "
    "defaulted columns filled; base_discipline one of the 拔尖计划2.0 disciplines; province "
    "one of the 32 units or empty; entry_year = the delivery year; university_code in "
    "staging.universities or empty." + _ACCEPTED,
    staging_columns=(
        ("province", "生源省份 as a six-digit GB/T 2260 code; NULL when not given."),
        ("university", "基地高校 as delivered (the university of the 拔尖计划 base)."),
        ("base_discipline", "基地学科: the base's discipline, one of the 拔尖计划2.0 disciplines (reference/topnotch_bases.csv)."),
        ("entry_year", "入选年份 as delivered; the delivery year when blank (any other year is out_of_range)."),
        ("national_id_invalid", "True when the row's 身份证号 is given but fails the check (warning roster_id_invalid): the row is linked by its other fields."),
        ("person_key", "The person key of the row's national ID when it is valid; NULL when the ID is missing or invalid (the row is then linked by the model)."),
    ),
    matches_university=True,
    invalid_id_rejects=False,
    restricted_columns=("national_id", "name", "birth_date", "high_school"),
)

UNIVERSITIES = ReferenceFile(
    name="universities",
    file_name="universities.csv",
    label_zh="高校名单", label_en="Universities",
    columns=_english_headers(
        "university_code", "name", "aliases", "province_code", "topnotch_host",
        optional=("aliases", "topnotch_host"),
    ),
    raw_description="reference/universities.csv as delivered: 培养高校 with codes and aliases.",
)
MENTORS = ReferenceFile(
    name="mentors",
    file_name="mentors.csv",
    label_zh="导师名单", label_en="Mentors",
    columns=_english_headers("mentor_id", "name", "university_code", "discipline", "title"),
    raw_description="reference/mentors.csv as delivered: 导师 with university, discipline and title.",
)
TOPNOTCH_BASES = ReferenceFile(
    name="topnotch_bases",
    file_name="topnotch_bases.csv",
    label_zh="拔尖计划基地", label_en="Top-Notch bases",
    columns=_english_headers("university_code", "discipline", "batch_year"),
    raw_description="reference/topnotch_bases.csv as delivered: 拔尖计划2.0 bases by batch.",
)

DELIVERY_SOURCES: tuple[DeliverySource, ...] = (
    COHORT, APPLICANTS, TRAINING, ASSESSMENT, FOLLOWUP, TOPNOTCH_ROSTER,
)
REFERENCE_FILES: tuple[ReferenceFile, ...] = (UNIVERSITIES, MENTORS, TOPNOTCH_BASES)
