"""Which files a source's rows of one year go into, and how each file looks: name, format,
encoding, header spellings, title rows, blank rows, a total row, extra columns.

Default mode splits each source by province group (one file for a big province, one for a
few small ones) and rotates formats and spellings over the files, so every variant the
contract lists occurs in a delivery of a few years. Fast mode writes one UTF-8 CSV per
source and year with canonical headers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.contract.columns import SOURCE_COLUMNS, column_names, header_lookup
from pipelines.contract.sources import source_of_file_name
from pipelines.demo.spellings import header_spellings
from pipelines.registry import sources as registry

# Province groups of default mode: big provinces alone, small ones by region.
GROUPS: dict[str, tuple[str, ...]] = {
    "北京": ("110000",), "上海": ("310000",), "江苏": ("320000",), "浙江": ("330000",),
    "广东": ("440000",), "兵团": ("660000",),
    "华北": ("120000", "130000", "140000", "150000"),
    "东北": ("210000", "220000", "230000"),
    "华东": ("340000", "350000", "360000", "370000"),
    "华中": ("410000", "420000", "430000"),
    "华南": ("450000", "460000"),
    "西南": ("500000", "510000", "520000", "530000", "540000"),
    "西北": ("610000", "620000", "630000", "640000", "650000"),
}
GROUP_OF = {code: group for group, codes in GROUPS.items() for code in codes}

# File-name patterns per source, English and Chinese keywords, some capitalised.
NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    registry.COHORT.name: ("cohort_{g}", "{y}年学员名单-{g}", "{y}年英才计划学员名单（{g}）", "Cohort_{y}_{g}"),
    registry.APPLICANTS.name: ("applicants_{g}_{y}", "{y}年申请汇总-{g}", "{g}申请表{y}", "Applicants-{g}"),
    registry.TRAINING.name: ("培养记录_{y}_{g}", "training_{g}", "{g}学员培养记录", "Training_{y}_{g}"),
    registry.ASSESSMENT.name: ("考核结果_{g}", "assessment_{y}_{g}", "{y}年{g}考核汇总", "Assessment_{g}"),
    registry.FOLLOWUP.name: ("跟踪调查_{y}_{g}", "followup_{g}", "{g}{y}年跟踪调查表", "FollowUp_{g}"),
}
TITLES = {
    registry.COHORT.name: "学员名单", registry.APPLICANTS.name: "申请汇总表",
    registry.TRAINING.name: "培养记录", registry.ASSESSMENT.name: "考核结果",
    registry.FOLLOWUP.name: "跟踪调查表",
}
# Optional columns a file may leave out (one at a time).
OMITTABLE: dict[str, tuple[str, ...]] = {
    registry.COHORT.name: ("gender", "birth_date", "cohort_year"),
    registry.APPLICANTS.name: ("gender",),
    registry.TRAINING.name: ("mentor_id",),
    registry.ASSESSMENT.name: ("assessment_date",),
    registry.FOLLOWUP.name: ("name", "survey_year", "major_category", "admission_route"),
}
FORMATS: tuple[tuple[str, str | None], ...] = (
    ("xlsx", None), ("csv", "utf-8"), ("xls", None), ("csv", "gb18030"), ("xlsx", None),
    ("csv", "utf-8-sig"),
)
XLS_MAX_ROWS = 60_000  # Excel 97–2003 sheets end at row 65,536
SERIAL_HEADER, REMARK_HEADER = "序号", "备注"
TOTAL_LABELS = ("合计", "总计")
# Sources whose rows are listed in no particular order (the others by student and date).
SHUFFLED = (registry.COHORT.name, registry.APPLICANTS.name, registry.FOLLOWUP.name)


@dataclass(frozen=True)
class FilePlan:
    """How one file is written. `title_rows` stand above the header (an empty string is
    a blank spacer row); `blank_rows` blank rows are scattered between data rows."""

    path: str
    source: str
    year: int
    group: str
    format: str
    encoding: str | None
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    serial_column: bool
    remark_column: bool
    title_rows: tuple[str, ...]
    blank_rows: int
    total_label: str | None
    quote_all: bool

    @property
    def excel(self) -> bool:
        return self.format != "csv"


class Planner:
    """Plans files one (source, year) at a time; its counters rotate formats, names and
    spellings over successive files so that every variant is used."""

    def __init__(self, rng: np.random.Generator, csv_only: bool) -> None:
        self.rng = rng
        self.csv_only = csv_only
        self.turn: dict[tuple, int] = defaultdict(int)

    def _next(self, *key: object) -> int:
        self.turn[key] += 1
        return self.turn[key] - 1

    def group_of(self, province_code: pl.Series) -> pl.Series:
        """The file group of each row's province (one group for all in fast mode)."""
        if self.csv_only:
            return pl.select(pl.repeat("", len(province_code), dtype=pl.String)).to_series()
        return province_code.replace_strict(GROUP_OF, return_dtype=pl.String)

    def plan(self, source: str, year: int, rows_per_group: dict[str, int]) -> list[FilePlan]:
        """One plan per group with rows, sorted by path (the order the pipeline reads
        files in)."""
        if self.csv_only:
            columns = column_names(source)
            headers = tuple(c.canonical for c in SOURCE_COLUMNS[source])
            return [FilePlan(f"{year}/{source}_{year}.csv", source, year, "", "csv", "utf-8",
                             columns, headers, False, False, (), 0, None, False)]
        plans = [self._plan_one(source, year, group, rows_per_group[group])
                 for group in GROUPS if rows_per_group.get(group)]
        return sorted(plans, key=lambda p: p.path)

    def _plan_one(self, source: str, year: int, group: str, rows: int) -> FilePlan:
        rng = self.rng
        fmt, encoding = FORMATS[self._next("format", source) % len(FORMATS)]
        if fmt == "xls" and rows > XLS_MAX_ROWS:
            fmt = "xlsx"
        pattern = NAME_PATTERNS[source][self._next("name", source) % len(NAME_PATTERNS[source])]
        path = f"{year}/{pattern.format(y=year, g=group)}.{fmt}"
        if source_of_file_name(path.split("/")[-1]) != source:
            raise ValueError(f"{path} would not be read as {source}")
        columns = list(column_names(source))
        if self._next("omit", source) % 4 == 3:
            columns.remove(OMITTABLE[source][self._next("omitted", source) % len(OMITTABLE[source])])
        headers = []
        for column in columns:
            forms = header_spellings(source, column)
            headers.append(forms[self._next("header", source, column) % len(forms)])
        excel = fmt != "csv"
        titles: tuple[str, ...] = ()
        if excel:
            count = self._next("titles", source) % 4
            titles = (f"{year}年英才计划{TITLES[source]}（{group}）",
                      f"填报单位：{group}科协青少年科技中心　填报日期：{year}年12月", "")[:count]
        serial = excel and rng.random() < 0.3
        remark = rng.random() < 0.25
        for extra in (SERIAL_HEADER, REMARK_HEADER):
            if extra in header_lookup(source):
                raise ValueError(f"{extra} is a contract header of {source}")
        return FilePlan(
            path=path, source=source, year=year, group=group, format=fmt, encoding=encoding,
            columns=tuple(columns), headers=tuple(headers), serial_column=serial,
            remark_column=remark, title_rows=titles,
            blank_rows=int(rng.integers(0, 4)) if excel else 0,
            total_label=(TOTAL_LABELS[self._next("total", source) % 2]
                         if excel and rng.random() < 0.5 else None),
            quote_all=not excel and rng.random() < 0.3,
        )


def assign_files(rng: np.random.Generator, rows: pl.DataFrame, source: str, year: int,
                 planner: Planner) -> tuple[pl.DataFrame, list[FilePlan]]:
    """Plans the files of a (source, year) and gives each row `_file` (index into the
    plans) and `_order` (its position in that file)."""
    group = planner.group_of(rows["_province"])
    counts = group.rename("group").value_counts()
    plans = planner.plan(source, year, dict(zip(counts["group"], counts["count"])))
    index = {p.group: i for i, p in enumerate(plans)}
    key = rng.random(rows.height) if source in SHUFFLED else np.arange(rows.height, dtype=float)
    rows = rows.with_columns(
        _file=group.replace_strict(index, return_dtype=pl.Int32),
        _key=pl.Series(key),
    ).with_columns(
        _order=(pl.col("_key").rank("ordinal").over("_file") - 1).cast(pl.Float64)
    ).drop("_key")
    return rows, plans


def comes_after(first: FilePlan, second: FilePlan) -> bool:
    """True when `second` is read after `first` however file names are sorted (by code
    point or ignoring case): the pipeline orders rows by file name, then row number."""
    return second.path > first.path and second.path.casefold() > first.path.casefold()
