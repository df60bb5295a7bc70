"""The data-quality page for data stewards: every delivered file and row accounted for,
rejections by reason and reporting unit, warnings, what each re-delivered file resolved,
and the results of the checks.

Built from the published delivery-quality tables of analytics.duckdb (public.delivery_*,
sql/public/delivery_*.sql): counts of files and rows, never a key or a delivered value.
These are counts of delivered rows, not of students, so they are not suppressed. Every
figure of files on the page counts the same thing: the files the ingest logged
(audit.file_ingest), every file found in the input folder — the reference files and the
files rejected whole included.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl

from dashboards import labels as L
from dashboards.charts import PALETTE, gap_annotation, in_both_languages
from dashboards.labels import UI, Text
from dashboards.page import Page, base_layout, esc, t
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS
from pipelines.registry.sources import DELIVERY_SOURCES

SOURCE = L.SOURCES
# The published tables the page reads, in the order of QualityData's fields.
DELIVERY_TABLES = (
    "delivery_files", "delivery_rejected_rows", "delivery_warnings", "delivery_rejected_files",
    "delivery_redeliveries",
)


class DeliveryQualityMissing(FileNotFoundError):
    """analytics.duckdb is missing or holds no published delivery-quality tables."""


@dataclass(frozen=True)
class CheckResult:
    """The latest result of one asset check."""

    asset: str
    name: str
    passed: bool | None  # None: planned or skipped, no result
    severity: str  # ERROR or WARN
    description: str
    run_id: str | None = None
    timestamp: datetime | None = None


@dataclass
class QualityData:
    files: pl.DataFrame
    rejected: pl.DataFrame
    warnings: pl.DataFrame
    rejected_files: pl.DataFrame
    redeliveries: pl.DataFrame
    checks: list[CheckResult] = field(default_factory=list)

    @classmethod
    def load(cls, analytics: Path, checks: list[CheckResult] | None = None) -> QualityData:
        """The public.delivery_* tables of the published `analytics` database."""
        analytics = Path(analytics)
        if not analytics.exists():
            raise DeliveryQualityMissing(f"no published analytics database at {analytics}: run `yingcai run` first")
        with duckdb.connect(str(analytics), read_only=True) as con:
            found = {name for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'public'"
            ).fetchall()}
            if missing := [name for name in DELIVERY_TABLES if name not in found]:
                raise DeliveryQualityMissing(f"{analytics} lacks public.{', public.'.join(missing)}")
            # Table names from the fixed list above.
            frames = [con.execute(f"SELECT * FROM public.{name}").pl() for name in DELIVERY_TABLES]
        return cls(*frames, checks=list(checks or []))


def reason_label(code: str, lang: str, narrow: bool = False) -> str:
    """A reason's meaning in `lang`, wrapped for an axis or a legend (<br> between lines);
    `narrow` for the columns of the heat map."""
    width = (7 if narrow else 12) if lang == "zh" else (14 if narrow else 28)
    return "<br>".join(textwrap.wrap(L.reason(code)(lang), width)) or code


def _years(frame: pl.DataFrame) -> list[int]:
    return sorted(y for y in frame["year"].unique().to_list() if y is not None)


def rows_figure(data: QualityData, lang: str) -> go.Figure:
    """Rows read per delivery year: loaded and rejected (stacked), warned (line)."""
    per_year = (data.files.filter(pl.col("year").is_not_null()).group_by("year")
                .agg(pl.col("rows_loaded").sum(), pl.col("rows_rejected").sum(), pl.col("rows_warned").sum())
                .sort("year"))
    years = per_year["year"].to_list()
    figure = go.Figure()
    for column, label, colour in (("rows_loaded", Text("接收", "Loaded"), PALETTE[2]),
                                  ("rows_rejected", Text("拒收", "Rejected"), PALETTE[5])):
        figure.add_trace(go.Bar(x=years, y=per_year[column].to_list(), name=label(lang), marker_color=colour))
    figure.add_trace(go.Scatter(x=years, y=per_year["rows_warned"].to_list(), name=Text("有警告", "With warnings")(lang),
                                mode="lines+markers", line={"color": PALETTE[1]}, yaxis="y2"))
    figure.update_layout(**base_layout(
        Text("各交付年份的数据行：接收、拒收与警告", "Rows per delivery year: loaded, rejected, warned"), lang, 400,
        barmode="stack", xaxis={"dtick": 1, "title": {"text": Text("交付年份", "Delivery year")(lang)}},
        yaxis={"title": {"text": Text("行数", "Rows")(lang)}},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                "title": {"text": Text("有警告的行", "Rows with warnings")(lang)}},
        margin={"l": 70, "r": 70, "t": 50, "b": 50},
    ))
    return figure


def reasons_figure(data: QualityData, lang: str) -> go.Figure:
    """Rejected rows by reason (contract precedence order), stacked by source."""
    figure = go.Figure()
    reasons = [r for r in ROW_REJECT_REASONS if r in set(data.rejected["reason"].to_list())]
    for index, (source, frame) in enumerate(sorted(data.rejected.group_by("source"), key=lambda g: str(g[0][0]))):
        counts = dict(frame.group_by("reason").agg(pl.col("rows").sum()).iter_rows())
        figure.add_trace(go.Bar(
            y=reasons, x=[counts.get(r, 0) for r in reasons], orientation="h",
            name=SOURCE.get(source[0], Text(source[0], source[0]))(lang), marker_color=PALETTE[index % len(PALETTE)],
        ))
    figure.update_layout(**base_layout(
        Text("拒收行：按原因与数据类型", "Rejected rows by reason and source"), lang, 400, barmode="stack",
        yaxis={"autorange": "reversed", "ticktext": [reason_label(r, lang) for r in reasons], "tickvals": reasons,
               "automargin": True},
        xaxis={"title": {"text": Text("行数", "Rows")(lang)}}, margin={"l": 150, "r": 20, "t": 50, "b": 50},
    ))
    if not reasons:
        gap_annotation(figure, Text("没有拒收行", "no rejected rows"), lang)
    return figure


def reasons_by_unit_figure(data: QualityData, lang: str) -> go.Figure:
    """Heat map: reporting unit × reason, rows rejected (all years)."""
    reasons = [r for r in ROW_REJECT_REASONS if r in set(data.rejected["reason"].to_list())]
    totals = data.rejected.group_by("province_code", "reason").agg(pl.col("rows").sum())
    lookup = {(p, r): n for p, r, n in totals.iter_rows()}
    units = [*PROVINCE_CODES, None]
    names = [L.province(code)(lang) for code in units]
    z = [[lookup.get((code, r)) for r in reasons] for code in units]
    figure = go.Figure(go.Heatmap(
        x=[reason_label(r, lang, narrow=True) for r in reasons], y=names, z=z, colorscale="OrRd", xgap=1, ygap=1, texttemplate="%{z}",
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
        colorbar={"title": {"text": Text("行数", "Rows")(lang)}},
    ))
    figure.update_layout(**base_layout(
        Text("拒收行：按省级单位与原因（全部年份）", "Rejected rows by reporting unit and reason (all years)"), lang, 820,
        yaxis={"autorange": "reversed", "dtick": 1}, xaxis={"side": "top", "tickangle": 0, "automargin": True},
        margin={"l": 90, "r": 20, "t": 150, "b": 20},
    ))
    return figure


def warnings_figure(data: QualityData, lang: str) -> go.Figure:
    years = _years(data.warnings)
    figure = go.Figure()
    for index, reason in enumerate(r for r in ROW_WARN_REASONS if r in set(data.warnings["reason"].to_list())):
        frame = data.warnings.filter(pl.col("reason") == reason).group_by("year").agg(pl.col("rows").sum())
        counts = dict(frame.iter_rows())
        figure.add_trace(go.Bar(x=years, y=[counts.get(y, 0) for y in years], name=reason_label(reason, lang),
                                marker_color=PALETTE[index % len(PALETTE)],
                                hovertemplate=f"{esc(L.reason(reason)(lang))} %{{x}}: %{{y}}<extra></extra>"))
    figure.update_layout(**base_layout(
        Text("警告（已接收的行）：按原因", "Warnings on accepted rows, by reason"), lang, 400, barmode="stack",
        xaxis={"dtick": 1, "title": {"text": Text("交付年份", "Delivery year")(lang)}},
        yaxis={"title": {"text": Text("行数", "Rows")(lang)}},
        # below the axis title: the reasons' meanings take two lines each
        legend={"orientation": "h", "yanchor": "top", "y": -0.3, "x": 0},
        margin={"l": 60, "r": 20, "t": 50, "b": 130},
    ))
    if not years:
        gap_annotation(figure, Text("没有警告", "no warnings"), lang)
    return figure


def _number(n) -> str:
    return f"{int(n or 0):,}"


def kpi_items(data: QualityData) -> list[tuple[Text, str, Text]]:
    files = data.files
    delivered, rejected = files["files"].sum(), files["files_rejected"].sum()
    reference = files.filter(pl.col("year").is_null())["files"].sum()  # outside the year folders
    return [
        (Text("交付文件", "Files delivered"), _number(delivered),
         Text(f"接收 {_number(delivered - rejected)} 个，整份拒收 {_number(rejected)} 个；含参考文件 {_number(reference)} 个",
              f"{_number(delivered - rejected)} loaded, {_number(rejected)} rejected whole; "
              f"{_number(reference)} reference files included")),
        (Text("读取行数", "Rows read"), _number(files["rows_read"].sum()), Text("读取 = 接收 + 拒收", "read = loaded + rejected")),
        (Text("接收行数", "Rows loaded"), _number(files["rows_loaded"].sum()), Text("含有警告的行", "warned rows included")),
        (Text("拒收行数", "Rows rejected"), _number(files["rows_rejected"].sum()), Text("按原因见下", "by reason below")),
        (Text("有警告的行", "Rows with warnings"), _number(files["rows_warned"].sum()), Text("已接收", "kept")),
        (Text("核查", "Checks"), f"{sum(1 for c in data.checks if c.passed)}/{len(data.checks)}",
         Text("通过/全部", "passed/all")),
    ]


OTHER_FILES = Text("其他（参考文件、无法识别）", "Other (reference, unknown)")


def _files_cell(files: int, rejected: int) -> str:
    return f"<td>{_number(files)}{f' [{_number(rejected)}]' if rejected else ''}</td>"


def _files_row(label: str, rows: pl.DataFrame, sources: list[str]) -> str:
    """One line of the files table: files per delivery source, the other files, all files
    and the rows of `rows` (lines of public.delivery_files)."""
    per_source = rows.group_by("source").agg(pl.col("files").sum(), pl.col("files_rejected").sum())
    by_source = {s: (f, fr) for s, f, fr in per_source.select("source", "files", "files_rejected").iter_rows()}
    other = rows.filter(~pl.col("source").is_in(sources))
    cells = "".join(_files_cell(*by_source.get(s, (0, 0))) for s in sources)
    cells += _files_cell(other["files"].sum(), other["files_rejected"].sum())
    cells += _files_cell(rows["files"].sum(), rows["files_rejected"].sum())
    return (f'<tr><td class="text">{label}</td>{cells}<td>{_number(rows["rows_read"].sum())}</td>'
            f'<td>{_number(rows["rows_loaded"].sum())}</td><td>{_number(rows["rows_rejected"].sum())}</td></tr>')


def files_table(data: QualityData) -> str:
    """Files per delivery year and source and the rows read from them; the last line adds
    up to the files and rows of the figures above."""
    sources = [s.name for s in DELIVERY_SOURCES]
    frame = data.files
    head = (f'<th>{t(Text("交付年份", "Year"))}</th>' + "".join(f"<th>{t(SOURCE[s])}</th>" for s in sources)
            + f"<th>{t(OTHER_FILES)}</th><th>{t(Text('文件合计', 'All files'))}</th>"
            + f'<th>{t(Text("读取", "Read"))}</th><th>{t(Text("接收", "Loaded"))}</th><th>{t(Text("拒收", "Rejected"))}</th>')
    body = []
    for year in sorted(frame["year"].unique().to_list(), key=lambda y: (y is not None, y or 0)):
        rows = frame.filter(pl.col("year").is_null() if year is None else pl.col("year") == year)
        label = t(Text("年份文件夹以外（参考文件）", "Outside the year folders (reference)")) if year is None else esc(year)
        body.append(_files_row(label, rows, sources))
    total = _files_row(t(Text("合计", "All years")), frame, sources).replace("<tr>", '<tr class="total" style="font-weight:600">', 1)
    return (f'<div class="table-wrap"><table class="data" id="files-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}{total}</tbody></table></div>')


def rejected_files_table(data: QualityData) -> str:
    if data.rejected_files.is_empty():
        return f'<p class="note">{t(Text("没有整份拒收的文件。", "No file was rejected whole."))}</p>'
    rows = "".join(
        f'<tr><td class="text">{esc(path)}</td><td class="text">{esc(reason)}</td>'
        f'<td class="text">{t(L.reason(reason))}</td>'
        f'<td class="text">{t(Text(message_zh or message or "", message or ""))}</td></tr>'
        for path, _year, reason, message, message_zh in data.rejected_files.iter_rows()
    )
    head = "".join(f'<th class="text">{t(x)}</th>' for x in (
        Text("文件", "File"), Text("原因代码", "Reason"), Text("说明", "Meaning"), Text("给省份的说明", "Message to the province")))
    return (f'<div class="table-wrap"><table class="data" id="rejected-files"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


REDELIVERY_MEANING = Text(
    "一个文件被同一路径的更正版本替换后，将新版本与它替换的上一版本比较：上一版本拒收的行，"
    "若新版本中没有同一原因、同一身份证号（无身份证号时为同一行号）的拒收行，即为“已解决”；"
    "若仍有，即为“仍未解决”；新版本拒收而上一版本没有的行为“新增”。按省级单位与原因计数，"
    "是数据行数，不是学生人数。",
    "When a file is replaced by a corrected version (same path, new content), the new version is "
    "compared with the version it replaced: a row the previous version rejected is resolved when the "
    "new version rejects no row with the same reason and national ID (the same row number when it has "
    "no ID), still open when it does; a row the new version rejects that the previous one did not is "
    "new. Counted per reporting unit and reason; delivered rows, not students.",
)


def redeliveries_table(data: QualityData) -> str:
    """Per delivery year, reporting unit and reason: files re-delivered, rows resolved,
    still open and new (public.delivery_redeliveries)."""
    if data.redeliveries.is_empty():
        return f'<p class="note">{t(Text("还没有文件被更正版本替换。", "No file has been replaced by a corrected version yet."))}</p>'
    totals = (data.redeliveries.group_by("year", "province_code", "reason")
              .agg(pl.col("file_path").n_unique().alias("files"), pl.col("resolved").sum(),
                   pl.col("still_open").sum(), pl.col("new").sum()))
    order = {r: i for i, r in enumerate(ROW_REJECT_REASONS)}
    units = {code: i for i, code in enumerate(PROVINCE_CODES)}
    rows = sorted(totals.iter_rows(named=True), key=lambda r: (
        r["year"], units.get(r["province_code"], len(units)), order.get(r["reason"], len(order))))
    body = "".join(
        f'<tr><td class="text">{esc(r["year"])}</td><td class="text">{t(L.province(r["province_code"]))}</td>'
        f'<td class="text">{esc(r["reason"])}</td><td class="text">{t(L.reason(r["reason"]))}</td>'
        f'<td>{_number(r["files"])}</td><td>{_number(r["resolved"])}</td><td>{_number(r["still_open"])}</td>'
        f'<td>{_number(r["new"])}</td></tr>'
        for r in rows
    )
    head = "".join(f'<th class="text">{t(x)}</th>' for x in (
        Text("交付年份", "Year"), Text("省级单位", "Unit"), Text("原因代码", "Reason"), Text("说明", "Meaning")))
    head += "".join(f"<th>{t(x)}</th>" for x in (
        Text("重新报送的文件", "Files re-delivered"), Text("已解决", "Resolved"), Text("仍未解决", "Still open"),
        Text("新增", "New")))
    return (f'<div class="table-wrap"><table class="data" id="redeliveries"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def checks_table(data: QualityData) -> str:
    if not data.checks:
        return f'<p class="note">{t(Text("本次构建没有核查结果。", "No check results were available to this build."))}</p>'
    ordered = sorted(data.checks, key=lambda c: (c.passed is not False, c.asset, c.name))
    rows = []
    for check in ordered:
        if check.passed is None:
            status, css = Text("未执行", "not run"), "warn"
        elif check.passed:
            status, css = Text("通过", "passed"), "pass"
        else:
            status, css = (Text("未通过", "failed"), "fail") if check.severity == "ERROR" else (Text("警告", "warning"), "warn")
        when = check.timestamp.strftime("%Y-%m-%d %H:%M") if check.timestamp else ""
        rows.append(
            f'<tr data-check="{esc(check.asset)}:{esc(check.name)}"><td class="text">{esc(check.asset)}</td>'
            f'<td class="text">{esc(check.name)}</td><td class="text {css}">{t(status)}</td>'
            f'<td class="text">{esc(check.severity)}</td><td class="text">{esc(check.description)}</td>'
            f'<td class="text">{esc(when)}</td></tr>'
        )
    head = "".join(f'<th class="text">{t(x)}</th>' for x in (
        Text("资产", "Asset"), Text("核查", "Check"), Text("结果", "Result"), Text("级别", "Severity"),
        Text("说明", "Description"), Text("时间", "When")))
    return (f'<div class="table-wrap"><table class="data" id="checks-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def quality_page(data: QualityData) -> Page:
    page = Page("quality", UI["quality_title"], Text(
        "每个交付文件与每一行数据的去向：接收、拒收（附原因）与警告，以及各项核查的结果。"
        "此页的数字是数据行数，不是学生人数。",
        "Where every delivered file and row went: loaded, rejected (with the reason) or warned, and the "
        "results of the checks. Figures here count delivered rows, not students.",
    ))
    page.raw('<div class="kpis">' + "".join(
        f'<div class="kpi"><div class="label">{t(label)}</div><div class="value">{esc(value)}</div>'
        f'<div class="detail">{t(detail)}</div></div>' for label, value, detail in kpi_items(data)
    ) + "</div>")
    page.heading(Text("文件与数据行", "Files and rows"), "files")
    page.figure("rows", {"all": in_both_languages(lambda l: rows_figure(data, l))},
                Text("各年数据行", "Rows per year"), height=400)
    page.paragraph(Text(
        "各年各类文件数（方括号内为整份拒收的文件数）。本页所有文件数都指数据导入登记的文件："
        "输入文件夹中的每一个文件，含参考文件和整份拒收的文件。",
        "Files per year and source (files rejected whole in brackets). Every count of files on this page "
        "counts the files the ingest logged: every file of the input folder, the reference files and the "
        "files rejected whole included.",
    ))
    page.raw(files_table(data))
    page.heading(Text("整份拒收的文件", "Files rejected whole"), "rejected-files")
    page.raw(rejected_files_table(data))
    page.heading(Text("拒收的行", "Rejected rows"), "rejections")
    page.grid(True)
    page.figure("reasons", {"all": in_both_languages(lambda l: reasons_figure(data, l))},
                Text("拒收原因", "Rejection reasons"), height=400)
    page.figure("warnings", {"all": in_both_languages(lambda l: warnings_figure(data, l))},
                Text("警告", "Warnings"), height=400)
    page.grid(False)
    page.figure("reasons-by-unit", {"all": in_both_languages(lambda l: reasons_by_unit_figure(data, l))},
                Text("各单位拒收原因", "Rejections by unit"), height=820,
                caption=Text("单位取该行所填省份，否则取该学生入选时的省份；都无法确定的列为“无法确定”。",
                             "The unit is the province the row names, else the student's cohort province; "
                             "“not determined” when neither is known."))
    reasons = "".join(f'<tr><td class="text">{esc(r)}</td><td class="text">{t(L.reason(r))}</td></tr>'
                      for r in (*ROW_REJECT_REASONS, *ROW_WARN_REASONS))
    page.raw(f'<details><summary>{t(Text("原因代码说明", "What the reason codes mean"))}</summary>'
             f'<table class="data"><tbody>{reasons}</tbody></table></details>')
    page.heading(Text("重新报送", "Re-deliveries"), "redeliveries")
    page.paragraph(REDELIVERY_MEANING)
    page.raw(redeliveries_table(data))
    page.heading(Text("核查结果", "Check results"), "checks")
    page.raw(checks_table(data))
    return page
