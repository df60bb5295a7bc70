"""Writing the dashboards: <output>/dashboards/{index,overview,provinces,breakdowns,quality,metrics}.html."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboards.breakdowns import breakdowns_page
from dashboards.definitions import definitions_page
from dashboards.labels import PAGES as PAGE_WORDS
from dashboards.labels import UI, Text
from dashboards.overview import overview_page
from dashboards.page import DEFINITIONS_PAGE, Page, esc, shared_template, t
from dashboards.provinces import provinces_page
from dashboards.public import PublicFigures
from dashboards.quality import CheckResult, QualityData, quality_page
from dashboards.files import replaced_when_written
from dashboards.table_cells import legend_markup

DASHBOARDS_DIR = "dashboards"
PAGES = (
    ("overview.html", UI["overview_title"], Text(
        "一届学生从申请到读研的完整路径、结业、培养学时、拔尖计划、升学去向、跟踪覆盖率与公平性。",
        "A cohort's whole path from application to graduate study, completion, training hours, Top-Notch, "
        "destinations, follow-up coverage, equity.")),
    ("provinces.html", UI["provinces_title"], Text(
        "32个省级单位（含兵团）与全国比较：方块地图、可排序表格与各单位趋势。",
        "The 32 reporting units (XPCC included) against the nation: tile map, sortable table, trends.")),
    ("breakdowns.html", PAGE_WORDS["breakdowns_title"], Text(
        "按导师职称与培养高校分组的数字，与全国比较；各年度参与导师数。",
        "Figures by mentor title and by training university against the nation; mentors engaged per year.")),
    ("quality.html", UI["quality_title"], Text(
        "交付文件、数据行、拒收原因、警告与核查结果。",
        "Delivered files, rows, rejection reasons, warnings and check results.")),
    (DEFINITIONS_PAGE, PAGE_WORDS["definitions_title"], Text(
        "每个指标的定义、三种版本与小单元格规则、标记的含义与比较规则。",
        "Every figure defined, the three editions, the small-cell rules, the marks and the comparison rule.")),
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
            f'<li><a href="../reports/public/{esc(p.name)}"><strong>{esc(p.stem.split("_")[-1])}</strong>'
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
    reports = sorted((Path(output) / "reports" / "public").glob("assessment_*.html"))
    legend = legend_markup(figures.small_label, figures.k)
    with shared_template():
        pages = {
            "index.html": index_page(figures, reports).render(NAV, moment, public_sources),
            "overview.html": overview_page(figures).render(NAV, moment, public_sources, legend),
            "provinces.html": provinces_page(figures).render(NAV, moment, public_sources, legend),
            "breakdowns.html": breakdowns_page(figures).render(NAV, moment, public_sources, legend),
            "quality.html": quality_page(quality).render(NAV, moment, [UI["delivery_source"]]),
            DEFINITIONS_PAGE: definitions_page().render(NAV, moment, []),
        }
    written = []
    for name, markup in pages.items():
        write_text(directory / name, markup)
        written.append(directory / name)
    return BuiltDashboards(directory, written)
