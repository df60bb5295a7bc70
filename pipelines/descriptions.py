"""What each table and its columns are, read from beside the table's maker
(docs/extending.md, "Where a table is made"), for the assets' descriptions and
`dagster/column_schema`, the `COMMENT ON` text of analytics.duckdb and the data dictionary:

- sql/<schema>/<table>.sql: its first block comment, `/* schema.table: description`,
  a blank line, then one `column: description` per column (continued on indented lines);
- pipelines/<schema>/<table>.py: its `DESCRIPTION` and `COLUMNS`;
- pipelines/<schema>/sources.py: its `describe(table)`, from the source registry;
- the columns the metric registry defines (marts.metric_values, the summaries), from it;
- a column that means the same wherever it appears: `COLUMNS` below.

Plain: no Dagster.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipelines.metrics.columns import PROVINCE_COLUMNS, metric_values_columns, summary_columns
from pipelines.registry.metrics import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
HEADER = re.compile(r"\A\s*/\*(.*?)\*/", re.DOTALL)


@dataclass(frozen=True)
class TableDescription:
    """What a table's maker says about it: its description, its columns' descriptions
    and, where the registry declares them, its columns' DuckDB types."""

    description: str | None
    columns: Mapping[str, str] = field(default_factory=dict)
    types: Mapping[str, str] = field(default_factory=dict)


def registered_columns() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """(name, type, description) of the columns the metric registry defines, by table."""
    public_only = tuple(c for c in summary_columns("public") if c[0] in PUBLIC_SUMMARY_COLUMNS)
    return {
        "marts.metric_values": metric_values_columns(),
        "marts.cohort_summary": summary_columns("marts"),
        "marts.province_year_summary": (*PROVINCE_COLUMNS, *summary_columns("marts")),
        "public.cohort_summary": public_only,
        "public.province_year_summary": public_only,
    }


PUBLIC_SUMMARY_COLUMNS = {c.name: c.description for c in REGISTRY.summary_columns if c.public_only}


def sql_header(table: str, text: str) -> TableDescription:
    """The description and column descriptions in the header of `table`'s SQL file."""
    found = HEADER.match(text)
    if found is None:
        return TableDescription(None)
    paragraphs = found.group(1).strip().split("\n\n", 1)
    prefix = f"{table}:"
    if not paragraphs[0].startswith(prefix):
        raise ValueError(f"the header of {table}'s SQL must begin with '{prefix}'")
    columns: dict[str, str] = {}
    column = None
    for line in paragraphs[1].splitlines() if len(paragraphs) > 1 else ():
        if line[:1].isspace() and column is not None:
            columns[column] += " " + line.strip()
        elif line.strip():
            column, _, text_ = line.partition(":")
            column = column.strip()
            columns[column] = text_.strip()
    return TableDescription(" ".join(paragraphs[0][len(prefix):].split()), columns)


@cache
def describe(table: str) -> TableDescription:
    """What `table` ("schema.table")'s maker says about it; no description when there is
    none or no maker."""
    schema, name = table.split(".")
    sql = ROOT / "sql" / schema / f"{name}.sql"
    if sql.is_file():
        found = sql_header(table, sql.read_text(encoding="utf-8"))
    elif (ROOT / "pipelines" / schema / f"{name}.py").is_file():
        module = importlib.import_module(f"pipelines.{schema}.{name}")
        found = TableDescription(getattr(module, "DESCRIPTION", None), getattr(module, "COLUMNS", {}))
    elif (ROOT / "pipelines" / schema / "sources.py").is_file():
        module = importlib.import_module(f"pipelines.{schema}.sources")
        if table not in module.TABLES:
            return TableDescription(None)
        found = TableDescription(*module.describe(table))
    else:
        return TableDescription(None)
    registered = registered_columns().get(table, ())
    return TableDescription(
        found.description,
        {**{c: text for c, _, text in registered}, **found.columns},
        {c: kind for c, kind, _ in registered},
    )


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
    "row_reasons": (
        "Every rule the row breaks within its delivery year, as (reason, column_name), in the "
        "contract's precedence then column order; the first is (row_reason, row_reason_column). "
        "NULL for a row accepted within its year."
    ),
    "duplicate_of_file_path": "For a duplicate_row: the file of the earlier row it repeats; NULL otherwise.",
    "duplicate_of_row_number": "For a duplicate_row: the row number of the earlier row it repeats; NULL otherwise.",
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
