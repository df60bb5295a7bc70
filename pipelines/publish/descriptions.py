"""What every table and column of analytics.duckdb is, for its `COMMENT ON` text and the
data dictionary.

A table's description is its Dagster asset's description (the asset docstring or the
`description` given to it), else `TABLES` below (the `public` tables, which no asset
makes). A column's description is, first to last: the asset's `dagster/column_schema`
metadata, `TABLE_COLUMNS[table][column]`, for a public table that mirrors a mart the
mart's column description (`PUBLIC_MIRRORS`), `COLUMNS[column]` (a name that means the
same in every table that has it). This module is the one place for the descriptions of columns
whose asset does not describe them: a new column needs a line here (or column_schema on
its asset), and tests/test_publish.py fails until it has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pipelines.registry.metrics import REGISTRY

COLUMN_SCHEMA_METADATA = "dagster/column_schema"
PUBLIC_SUMMARY_COLUMNS = {c.name: c.description for c in REGISTRY.summary_columns if c.public_only}


@dataclass(frozen=True)
class AssetDescription:
    """What a Dagster asset says about its table."""

    description: str | None
    columns: Mapping[str, str] = field(default_factory=dict)


def from_assets(assets: Iterable) -> dict[str, AssetDescription]:
    """{"schema.table": what the asset says} for every asset (AssetsDefinition or
    AssetSpec) whose key is [schema, table]."""
    specs = []
    for asset in assets:
        specs += list(asset.specs) if hasattr(asset, "specs") else [asset]
    described = {}
    for spec in specs:
        if len(spec.key.path) != 2:
            continue
        columns = {}
        schema = (spec.metadata or {}).get(COLUMN_SCHEMA_METADATA)
        if schema is not None:
            table_schema = getattr(schema, "schema", schema)
            columns = {c.name: c.description for c in table_schema.columns if c.description}
        described[".".join(spec.key.path)] = AssetDescription(spec.description, columns)
    return described


def one_line(text: str | None) -> str | None:
    """Docstrings and wrapped descriptions as one line of single spaces."""
    return " ".join(text.split()) if text and text.strip() else None


def table_description(table: str, assets: Mapping[str, AssetDescription]) -> str | None:
    asset = assets.get(table)
    return one_line((asset.description if asset else None) or TABLES.get(table))


def column_description(table: str, column: str, assets: Mapping[str, AssetDescription]) -> str | None:
    asset = assets.get(table)
    mirrored = assets.get(PUBLIC_MIRRORS.get(table, ""))
    return one_line(
        (asset.columns.get(column) if asset else None)
        or TABLE_COLUMNS.get(table, {}).get(column)
        or (mirrored.columns.get(column) if mirrored else None)
        or COLUMNS.get(column)
    )


# The public tables that are a mart with small cells suppressed: a column the public
# table does not describe itself means what it means in the mart.
PUBLIC_MIRRORS: dict[str, str] = {
    "public.metric_values": "marts.metric_values",
    "public.cohort_summary": "marts.cohort_summary",
    "public.province_year_summary": "marts.province_year_summary",
}


# --- tables no asset makes ------------------------------------------------------------

SUPPRESSION_NOTE = (
    "Small cells suppressed for readers outside the analyst team (metrics.md, publication "
    "rules): a count from 1 to k − 1 is hidden and shown as <k (<5 by default), a rate or "
    "statistic of a row with a hidden count is withheld, and complementary cells are hidden "
    "so that no hidden count can be worked out from a total (pipelines/publish/"
    "suppression.py has the exact rule). public.publication gives k."
)

TABLES: dict[str, str] = {
    "public.metric_values": (
        "The outcome metrics of marts.metric_values (metrics.md: one row per metric, cohort "
        "year, group and horizon) for publication. " + SUPPRESSION_NOTE + " Hidden numbers "
        "are NULL in the numeric columns; the *_display columns show every figure as text."
    ),
    "public.cohort_summary": (
        "marts.cohort_summary for publication: one row per cohort year with the national "
        "figures, the same columns, taken from public.metric_values and so suppressed the "
        "same way: a hidden count and every figure withheld with it is NULL (students_display "
        "shows <k); suppressed marks the rows with a hidden figure."
    ),
    "public.province_year_summary": (
        "marts.province_year_summary for publication: one row per reporting unit and cohort "
        "year, the same columns, taken from public.metric_values and so suppressed the same "
        "way: a hidden count and every figure withheld with it is NULL (students_display "
        "shows <k); suppressed marks the rows with a hidden figure."
    ),
    "public.publication": (
        "One row about this file: when it was published, by which pipeline run, and the "
        "small-cell threshold k the public tables were suppressed with."
    ),
}

# --- columns that mean the same wherever they appear ---------------------------------

COLUMNS: dict[str, str] = {
    "person_key": (
        "Pseudonymous person key: HMAC-SHA256 (hex) of the normalised national ID under the "
        "project's secret key. Links one person across tables and years; the ID itself "
        "never leaves the restricted warehouse."
    ),
    "year": "Delivery year: the year folder of the input the row was delivered in.",
    "file_path": "The delivered file the row comes from, relative to the input directory (year folder / file name).",
    "row_number": "The row's number in its file as a person sees it in Excel or WPS (header and title rows counted).",
    "row_reason": (
        "The first contract rule (reason code, docs/input-contract.md) the row breaks within its "
        "delivery year; NULL for a row accepted within its year. Rules that need other years "
        "(unknown_student, duplicate_response) are decided in the quarantine, which is not published."
    ),
    "row_reason_column": "The column row_reason is about; NULL when the rule concerns the whole row.",
    "gender": "性别: 男 or 女. Where the national ID is valid its sex is used (the ID wins).",
    "birth_date": "出生日期. Where the national ID is valid its birth date is used (the ID wins).",
    "province_code": "Six-digit GB/T 2260 code of the reporting unit (one of the 32 in core.provinces).",
    "school": "就读中学: the student's secondary school as delivered.",
    "grade": "年级 at application or selection: 高一 or 高二.",
    "discipline": "学科方向 of the programme: 数学, 物理, 化学, 生物 or 计算机.",
    "university_code": "The university's code in reference/universities.csv; NULL when the delivered name matches none.",
    "mentor_id": "导师编号: the mentor's ID in reference/mentors.csv.",
    "gender_mismatch": "True when the delivered gender disagreed with the national ID (warning gender_mismatch); gender holds the ID's.",
    "birth_date_mismatch": "True when the delivered birth date disagreed with the national ID (warning birth_date_mismatch); birth_date holds the ID's.",
    "selection_score": "学科潜质测试 score of the applicant.",
    "selected": "是否入选: whether the applicant was selected into the programme.",
    "survey_year": "调查年份: the year the follow-up survey asked about.",
    "status": "当前状态 in the survey: 高中在读, 本科在读, 研究生在读, 已就业 or 其他.",
    "major": "专业: the undergraduate major as answered.",
    "admission_route": "录取方式: how the student was admitted to university (统招, 强基计划, 综合评价, 保送 or 其他).",
    "topnotch": "是否入选拔尖计划: whether the student says they are in a 拔尖计划2.0 base.",
    "topnotch_base": "拔尖计划基地: the base named in the answer.",
    "topnotch_year": "入选拔尖计划年份: the year the student entered the base, as answered.",
    "activity_date": "活动日期 of the training activity.",
    "activity_type": "活动类型 of the training activity (科研实践, 学术研讨, 讲座, 科学营 or 其他).",
    "hours": "学时: hours of the training activity.",
    "assessment_type": "考核类型: 中期 (mid-term) or 结业 (final).",
    "result": "考核结果: 优秀, 合格, 不合格 or 退出 (withdrew).",
    "assessment_date": "考核日期 of the assessment.",
    "cohort_year": "The person's cohort year: the earliest year with an accepted 学员名单 row for them.",
    "reason": "Reason code (docs/input-contract.md).",
    "source": "The data source: cohort, applicants, training, assessment, followup, or a reference file.",
}

# --- columns whose meaning depends on the table --------------------------------------

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "staging.cohort": {
        "province": "省份 as a six-digit GB/T 2260 code; NULL when the delivered province names none of the 32 units.",
        "university": "培养高校 as delivered (the university training the student).",
        "cohort_year": "入选年份 as delivered; the delivery year when blank (any other year is out_of_range).",
    },
    "staging.applicants": {
        "province": "省份 as a six-digit GB/T 2260 code; NULL when the delivered province names none of the 32 units.",
    },
    "staging.followup": {
        "university": "就读高校 as answered (the university the alumnus attends).",
        "major_category": "专业类别 as answered (基础学科 or 其他); blank in most answers.",
        "survey_year": "调查年份 as delivered; the delivery year when blank.",
    },
    "staging.universities": {
        "name": "The university's canonical name.",
        "aliases": "Other spellings of the name that deliveries use, matched to the code.",
        "province_code": "GB/T 2260 code of the province the university is in.",
        "topnotch_host": "Whether the university hosts 拔尖计划2.0 bases.",
        "file_path": "The reference file the row comes from (reference/universities.csv).",
    },
    "staging.mentors": {
        "university_code": "The mentor's university (code in reference/universities.csv).",
        "discipline": "The mentor's programme discipline: 数学, 物理, 化学, 生物 or 计算机.",
        "title": "The mentor's title: 院士, 长江学者, 杰青, 国家级教学名师, 省级教学名师 or 其他.",
        "file_path": "The reference file the row comes from (reference/mentors.csv).",
    },
    "staging.topnotch_bases": {
        "university_code": "The university hosting the base (code in reference/universities.csv).",
        "discipline": "The base's 拔尖计划2.0 discipline (e.g. 数学, 物理学, 计算机科学).",
        "batch_year": "The batch the base was announced in: 2019, 2020 or 2021.",
    },
    "core.persons": {
        "cohort_year": "The earliest year with an accepted 学员名单 row for the person; the cohort attributes below are that row's.",
        "grade": "年级 at selection: 高一 or 高二.",
        "university_as_delivered": "培养高校 as delivered in the cohort row.",
        "university_code": "The training university's code; NULL when the delivered name matches none (warning unknown_university).",
        "mentor_id": "导师编号 of the person's mentor.",
        "mentor_title": "The mentor's title from reference/mentors.csv; NULL when the mentor is not in it.",
        "selected_again": "True when the person has accepted cohort rows in more than one year (warning repeat_cohort).",
        "cohort_file_path": "The file of the cohort row the attributes come from.",
        "cohort_row_number": "That row's number as seen in Excel.",
    },
    "core.provinces": {
        "name": "The unit's full name (e.g. 北京市, 新疆生产建设兵团).",
        "short_name": "Short name (e.g. 北京).",
        "pinyin": "Name in pinyin.",
    },
    "core.major_categories": {
        "major": "Undergraduate major name (本科专业).",
        "category": "基础学科 (a major of a 拔尖计划2.0 discipline) or 其他.",
        "topnotch_discipline": "For a 基础学科 major: the 拔尖计划2.0 discipline it belongs to.",
        "major_key": "How survey answers are matched: lower case, no white space, without a trailing parenthesised qualifier such as （师范）.",
    },
    "core.training_activities": {
        "year": "Delivery year of the training record.",
        "mentor_id": "导师编号 given on the training record (may be blank).",
    },
    "core.assessments": {
        "year": "Delivery year of the assessment (the training year).",
    },
    "core.applicants": {
        "year": "The application year (delivery year).",
    },
    "core.survey_responses": {
        "university": "就读高校 as answered.",
        "university_code": "The answered university's code; NULL when it matches none.",
        "major_category_given": "专业类别 as answered; NULL when not given.",
        "major_category": "The major's category: as answered, else from core.major_categories; NULL when neither says (unknown).",
        "major_category_from": "Where major_category comes from: given, mapped, or NULL (unknown).",
    },
    "core.person_outcomes": {
        "training_hours": "Sum of the person's accepted training hours; 0 without training.",
        "training_activities": "Number of the person's accepted training activities.",
        "completed": "Has an accepted 结业 assessment with result 优秀 or 合格.",
        "excellent": "Has an accepted 结业 assessment with result 优秀.",
        "withdrew": "Has an accepted assessment with result 退出.",
        "responses": "Number of accepted follow-up responses.",
        "latest_status": "Status of the response with the largest survey year; NULL without responses.",
        "entered_university": "Latest status 本科在读, 研究生在读 or 已就业, or any response 本科在读 or 研究生在读.",
        "entered_university_year": "The first survey year with status 本科在读, 研究生在读 or 已就业.",
        "latest_major": "Major of the latest response that names one.",
        "latest_major_category": "That major's category (基础学科 or 其他); NULL when unknown.",
        "qiangji": "Any response with admission route 强基计划.",
        "graduate_study": "Any response with status 研究生在读.",
        "topnotch_event_year": "Event year of Top-Notch (拔尖计划) selection: the smallest coalesce(topnotch_year, survey_year) over responses with topnotch = 是; NULL without event.",
        "topnotch_time": "t = event year − cohort year; NULL without event.",
        "last_observed_year": "The largest survey year the person responded in, or the cohort year without responses.",
        "censoring_time": "c = last observed year − cohort year (used for persons without event).",
    },
    "core.person_years": {
        "year": "The calendar year of the panel row, from the cohort year to the data horizon H.",
        "years_since_selection": "year − cohort year.",
        "responded": "The person answered the follow-up survey about this year.",
        "status": "Status answered for this year; NULL without a response.",
        "university_code": "University answered for this year; NULL without a response or match.",
        "topnotch_event": "This is the person's Top-Notch event year.",
        "in_topnotch": "The person has entered a 拔尖计划 base by this year.",
        "entered_university": "The person has entered university by this year.",
        "observed": "year ≤ the person's last observed year.",
        "censored_here": "The last observed year of a person without event (where Kaplan–Meier censors them).",
    },
    "audit.file_ingest": {
        "year": "Year folder of the file; NULL for reference files and files outside a year folder.",
        "source": "The source the file name names; NULL when it names none.",
        "file_format": "The file's format by its extension: csv, xlsx, xls (or another, for a rejected file).",
        "sha256": "SHA-256 of the file's bytes: a changed file is a re-delivery.",
        "size_bytes": "File size in bytes.",
        "status": "loaded, or rejected (the whole file).",
        "reason": "For a rejected file: unknown_source, missing_column or unreadable.",
        "message": "For a rejected file: what is wrong, in words a data steward can send back to the province.",
        "sheet": "The worksheet read (workbooks).",
        "encoding": "The text encoding detected for a CSV file: utf-8, utf-8-sig or gb18030; NULL for workbooks.",
        "header_row": "The row the header was found in, as seen in Excel.",
        "rows_read": "Data rows read from the file.",
        "rows_loaded": "Rows accepted (reached staging and were not rejected); NULL for a rejected file.",
        "rows_rejected": "Rows rejected by the row rules (their reasons are in the quarantine); NULL for a rejected file.",
        "rows_warned": "Accepted rows with at least one warning (audit.row_warnings); NULL for a rejected file.",
        "ingested_at": "When the file was read.",
    },
    "audit.row_warnings": {
        "reason": "The warning: gender_mismatch, birth_date_mismatch, unknown_university, unknown_mentor or repeat_cohort.",
        "column_name": "The column the warning is about; NULL for repeat_cohort.",
    },
    "public.metric_values": {
        "numerator": "Persons counted in the rate, as in marts.metric_values; NULL where not applicable or not defined, and where hidden (numerator_display then shows <k or *).",
        "denominator": "Persons the rate or average is over, as in marts.metric_values; NULL where not applicable or not defined, and where hidden (denominator_display then shows <k or *).",
        "value": "The metric (a count, hours, a share or F(h)), as in marts.metric_values; NULL where not defined, and where withheld (value_display then shows <k or *).",
        "ci_low": "Lower bound of the 95% interval; NULL when not applicable or withheld.",
        "ci_high": "Upper bound of the 95% interval; NULL when not applicable or withheld.",
        "numerator_display": "numerator as shown to readers: the number, <k (<5 by default) for a count from 1 to k − 1, * when withheld.",
        "denominator_display": "denominator as shown to readers: the number, <k for a count from 1 to k − 1, * when withheld.",
        "value_display": "value as shown to readers (to four decimals): <k for a cohort size from 1 to k − 1, * when withheld; NULL where not defined.",
        "suppressed": "True when any figure of the row is hidden.",
        "suppression": "Why: small_denominator (the denominator is 1 … k − 1, so the rate is not given), small_count (a count is 1 … k − 1), complementary (hidden so that another hidden count cannot be worked out from a total, or because the same count is hidden where it is published again); NULL when nothing is hidden.",
    },
    # the columns only the public summaries have, from the metric registry
    "public.cohort_summary": PUBLIC_SUMMARY_COLUMNS,
    "public.province_year_summary": PUBLIC_SUMMARY_COLUMNS,
    "public.publication": {
        "published_at": "When this file was published (UTC).",
        "run_id": "The Dagster run that published it.",
        "small_cell_k": "k: counts from 1 to k − 1 are hidden.",
        "small_count_label": "How such a count is shown (<k).",
        "withheld_mark": "How a figure withheld for another reason is shown.",
        "metric_rows": "Rows of public.metric_values.",
        "metric_rows_suppressed": "Of those, rows with a hidden figure.",
    },
}
