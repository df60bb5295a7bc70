"""Writing the dashboards: <output>/dashboards/{index,overview,provinces,quality}.html."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboards.labels import UI, Text
from dashboards.overview import legend_markup, overview_page
from dashboards.page import Page, esc, shared_template, t
from dashboards.provinces import provinces_page
from dashboards.public import PublicFigures
from dashboards.quality import CheckResult, QualityData, quality_page
from dashboards.files import replaced_when_written

DASHBOARDS_DIR = "dashboards"
PAGES = (
    ("overview.html", UI["overview_title"], Text(
        "各届入选、结业、培养路径、拔尖计划累计入选率、跟踪覆盖率与公平性。",
        "Cohorts, completion, the pathway, Top-Notch cumulative incidence, follow-up coverage, equity.")),
    ("provinces.html", UI["provinces_title"], Text(
        "32个省级单位（含兵团）与全国比较：方块地图、可排序表格与各单位趋势。",
        "The 32 reporting units (XPCC included) against the nation: tile map, sortable table, trends.")),
    ("quality.html", UI["quality_title"], Text(
        "交付文件、数据行、拒收原因、警告与核查结果。",
        "Delivered files, rows, rejection reasons, warnings and check results.")),
)
NAV = [("index.html", Text("首页", "Home")), *((href, title) for href, title, _ in PAGES)]


@dataclass(frozen=True)
class BuiltDashboards:
    directory: Path
    pages: list[Path]


def write_text(path: Path, text: str) -> None:
    """Write beside and rename into place: a reader never sees half a page."""
    with replaced_when_written(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def index_page(figures: PublicFigures, reports: list[Path]) -> Page:
    page = Page("index", UI["index_title"], Text(
        "英才计划全国管理办公室的评估仪表板。所有页面均为离线文件，不访问任何网络地址。",
        "Evaluation dashboards of the national management office. Every page is an offline file "
        "and contacts no network address.",
    ))
    links = "".join(
        f'<li><a href="{esc(href)}"><strong>{t(title)}</strong>{t(text)}</a></li>' for href, title, text in PAGES
    )
    page.raw(f'<ul class="links">{links}</ul>')
    if reports:
        page.heading(Text("年度评估报告", "Annual assessments"), "reports")
        items = "".join(
            f'<li><a href="../reports/{esc(p.name)}"><strong>{esc(p.stem.split("_")[-1])}</strong>'
            f'{t(Text("年度评估报告", "Annual assessment"))}</a></li>' for p in reports
        )
        page.raw(f'<ul class="links">{items}</ul>')
    years = figures.cohort_years()
    if figures.published_at:
        page.paragraph(Text(
            f"数据：{years[0]}–{years[-1]} 年各届，公开数据发布于 {figures.published_at:%Y-%m-%d %H:%M}（k = {figures.k}）。",
            f"Data: cohorts {years[0]}–{years[-1]}, public figures published {figures.published_at:%Y-%m-%d %H:%M} (k = {figures.k}).",
        ) if years else Text("尚无数据。", "No data yet."))
    return page


def build_dashboards(analytics: Path, output: Path,
                     checks: list[CheckResult] | None = None,
                     generated_at: datetime | None = None) -> BuiltDashboards:
    """Every page, from the public schema of `analytics` (for the data-quality page its
    delivery-quality tables, and `checks`), into <output>/dashboards/."""
    figures = PublicFigures.load(analytics)
    quality = QualityData.load(analytics, checks)
    moment = generated_at or datetime.now().astimezone()
    directory = Path(output) / DASHBOARDS_DIR
    public_sources = [UI["public_source"]]
    reports = sorted((Path(output) / "reports").glob("assessment_*.html"))
    legend = legend_markup(figures)
    with shared_template():
        pages = {
            "index.html": index_page(figures, reports).render(NAV, moment, public_sources),
            "overview.html": overview_page(figures).render(NAV, moment, public_sources, legend),
            "provinces.html": provinces_page(figures).render(NAV, moment, public_sources, legend),
            "quality.html": quality_page(quality).render(NAV, moment, [UI["delivery_source"]]),
        }
    written = []
    for name, markup in pages.items():
        write_text(directory / name, markup)
        written.append(directory / name)
    return BuiltDashboards(directory, written)
