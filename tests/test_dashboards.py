"""The evaluation dashboards: built from the published figures only, hidden cells never
shown as numbers, and every page working offline in a real headless Chromium (no console
error, no request outside the file, every chart drawn). Screenshots of every page go to
tests/artifacts/ (ignored by git).

Pages are built from an analytics.duckdb the real publish step made of a hand-built
warehouse (tests/public_fixture.py), and opened in the browser; the demo pipeline run's
own pages are checked as files."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from browser import Chromium, chromium_executable
from public_fixture import CANARIES, QINGHAI, TIBET, XPCC, write_fixture

from dashboards.build import build_dashboards
from dashboards.cells import SHOWN, SMALL, WITHHELD, Cell, ratio, total
from dashboards.public import PublicFigures
from dashboards.quality import CheckResult
from dashboards.tile_grid import TILES
from pipelines.contract.provinces import PROVINCE_CODES

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = ("index.html", "overview.html", "provinces.html", "quality.html")
FIGURE_PAGES = ("overview.html", "provinces.html", "quality.html")
CHECKS = [
    CheckResult("audit/file_ingest", "rows_accounted_for", True, "ERROR", "all 6 files accounted for"),
    CheckResult("audit/file_ingest", "every_file_loaded", False, "WARN", "2 files rejected whole"),
]
# Every chart: drawn by Plotly, with an SVG and at least one trace or heat map.
CHARTS_DRAWN = r"""Array.from(document.querySelectorAll('div.plot')).map(gd => ({
    id: gd.id,
    traces: (gd._fullData || []).length,
    svg: gd.querySelectorAll('.main-svg').length,
    drawn: gd.querySelectorAll('g.trace').length + gd.querySelectorAll('g.hm image').length,
}))"""


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def pages(fixture) -> Path:
    return build_dashboards(fixture.analytics, fixture.output, CHECKS).directory


@pytest.fixture(scope="module")
def browser():
    if chromium_executable() is None:
        pytest.fail("no Chromium: run scripts/install-system-packages.sh (Debian chromium and fonts-noto-cjk)")
    with Chromium() as chromium:
        yield chromium


def cell_texts(page: str) -> dict[str, str]:
    """data-cell key → the Chinese text of the cell."""
    found = {}
    for key, body in re.findall(r'<td[^>]* data-cell="([^"]+)"[^>]*>(.*?)</td>', page):
        zh = re.search(r'<span data-lang="zh">(.*?)</span>', body)
        found[key] = (zh.group(1) if zh else body).replace("&lt;", "<")
    return found


# --- the parts ---------------------------------------------------------------------------

def test_tile_grid_places_each_reporting_unit_on_its_own_tile_with_the_bingtuan_beside_xinjiang():
    assert sorted(TILES) == sorted(PROVINCE_CODES)
    assert len(set(TILES.values())) == 32
    (row, column), (xj_row, xj_column) = TILES["660000"], TILES["650000"]
    assert abs(row - xj_row) + abs(column - xj_column) == 1


def test_a_small_count_reads_as_the_label_and_a_withheld_figure_as_a_gap():
    assert Cell(state=SMALL).text("count") == "<5"
    assert Cell(state=SMALL).text("rate") == "*"
    assert Cell(state=WITHHELD).text("count") == "*"
    assert Cell(3.0, SHOWN).text("count") == "3"
    assert Cell(0.4567, SHOWN, 0.4, 0.5).text("rate", interval=True) == "45.7% [40.0%, 50.0%]"


def test_a_figure_derived_from_a_hidden_one_is_withheld():
    shown = Cell(10.0, SHOWN)
    assert total([shown, Cell(state=SMALL)]).state == WITHHELD
    assert ratio(Cell(state=SMALL), shown).state == WITHHELD
    assert total([shown, Cell(5.0, SHOWN)]).value == 15.0


def test_public_figures_give_hidden_cells_without_their_numbers(fixture):
    figures = PublicFigures.load(fixture.analytics)
    small = figures.cell("cohort_size", 2018, "province", TIBET)
    assert (small.state, small.value) == (SMALL, None)
    withheld = figures.cell("cohort_size", 2018, "province", QINGHAI)
    assert (withheld.state, withheld.value) == (WITHHELD, None)
    assert figures.cell("completion_rate", 2018, "province", QINGHAI).state == WITHHELD
    assert figures.cell("cohort_size", 2018).value == fixture.truth[("cohort_size", 2018, "national", "all", None)]["value"]


# --- the pages as files ---------------------------------------------------------------------

def test_every_page_is_one_self_contained_utf8_file_with_plotly_embedded_once(pages):
    for name in PAGES:
        text = (pages / name).read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in text
        assert "Noto Sans CJK SC" in text
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(http", text), name
        assert text.count("* plotly.js v") == (1 if name in FIGURE_PAGES else 0), name
        assert 'data-lang="en"' in text and 'data-lang="zh"' in text


def test_the_province_table_shows_a_small_count_as_the_label_and_withheld_figures_as_gaps(pages, fixture):
    cells = cell_texts((pages / "provinces.html").read_text(encoding="utf-8"))
    assert len({key.split("|")[1] for key in cells}) == 33  # the nation and the 32 units
    assert cells[f"topnotch_rate_4|{XPCC}"] == "*"
    assert cells[f"topnotch_km_4|{XPCC}"] == "*"
    for key, text in cells.items():
        measure, unit = key.split("|")
        if measure == "cohort_size_latest":
            row = fixture.public[("cohort_size", 2023, "province" if unit != "all" else "national", unit, None)]
            if row["value"] is None:
                assert text == ("<5" if row["value_display"] == "<5" else "*"), key
            else:
                assert text == f"{int(row['value']):,}", key


def test_no_hidden_figure_appears_in_any_page(pages):
    for name in PAGES:
        text = (pages / name).read_text(encoding="utf-8")
        for canary in CANARIES:
            assert canary not in text, (name, canary)


def test_the_data_quality_page_counts_rejections_by_reason_and_unit(pages):
    text = (pages / "quality.html").read_text(encoding="utf-8")
    assert "invalid_national_id" in text and "unknown_student" in text
    assert 'data-check="audit/file_ingest:every_file_loaded"' in text
    # A message a province wrote is shown as text, never as markup or a formula.
    assert "=HYPERLINK(&quot;x&quot;)" in text


# --- the pages in a browser ----------------------------------------------------------------

def open_and_check(browser: Chromium, path: Path, screenshot: str) -> dict:
    page = browser.open(path)
    page.settle(0.5)
    charts = page.evaluate(CHARTS_DRAWN)
    page.screenshot(ARTIFACTS / screenshot)
    log = page.log
    page.close()
    assert log.console_errors == [], (path.name, log.console_errors)
    assert log.outside_requests() == [], (path.name, log.outside_requests())
    assert log.blocked == []
    for chart in charts:
        assert chart["traces"] >= 1 and chart["svg"] >= 1 and chart["drawn"] >= 1, (path.name, chart)
    return {c["id"]: c for c in charts}


def test_every_page_loads_offline_without_errors_and_draws_every_chart(browser, pages):
    expected = {
        "overview.html": {"cohort-sizes", "completion", "pathway", "km-discipline", "km-gender", "coverage",
                          "girls", "reach"},
        "provinces.html": {"unit-map", "unit-trends"},
        "quality.html": {"rows", "reasons", "warnings", "reasons-by-unit"},
        "index.html": set(),
    }
    for name in PAGES:
        charts = open_and_check(browser, pages / name, f"fixture-{name}.png")
        assert set(charts) == expected[name]


def test_the_language_switch_redraws_every_chart_in_english(browser, pages):
    page = browser.open(pages / "overview.html")
    assert page.evaluate("document.getElementById('cohort-sizes').layout.title.text").startswith("各年度")
    page.evaluate("document.getElementById('language-switch').click()")
    browser.wait_for(lambda: page.evaluate("document.documentElement.lang") == "en", 10, "English")
    page.settle(0.5)
    assert page.evaluate("document.getElementById('cohort-sizes').layout.title.text").startswith("Students selected")
    assert page.evaluate("getComputedStyle(document.querySelector('h1 [data-lang=en]')).display") != "none"
    assert page.evaluate("getComputedStyle(document.querySelector('h1 [data-lang=zh]')).display") == "none"
    page.screenshot(ARTIFACTS / "fixture-overview-en.png")
    assert page.log.console_errors == []
    page.close()


def test_the_unit_selector_and_the_map_selector_redraw_their_charts(browser, pages):
    page = browser.open(pages / "provinces.html")
    select = "document.querySelector('select[data-slot=unit-trends]')"
    page.evaluate(f"{select}.value = '{XPCC}'; {select}.dispatchEvent(new Event('change'))")
    page.settle(0.5)
    assert page.evaluate("document.getElementById('unit-trends').layout.title.text").startswith("新疆生产建设兵团")
    select = "document.querySelector('select[data-slot=unit-map]')"
    page.evaluate(f"{select}.value = 'cohort_size'; {select}.dispatchEvent(new Event('change'))")
    page.settle(0.5)
    assert page.evaluate("document.getElementById('unit-map').layout.title.text").startswith("累计入选学生")
    assert page.log.console_errors == []
    page.close()


def test_the_unit_table_sorts_by_a_column_with_hidden_figures_last(browser, pages):
    page = browser.open(pages / "provinces.html")
    # The 4-year Top-Notch rate: the 兵团's is withheld.
    page.evaluate("document.querySelectorAll('#province-table thead th button')[4].click()")
    order = page.evaluate(
        "Array.from(document.querySelectorAll('#province-table tbody tr')).map(r => r.cells[4].dataset.sort)"
    )
    numbers = [float(v) for v in order if v != ""]
    assert numbers == sorted(numbers, reverse=True)
    assert order[len(numbers):] == [""] * (len(order) - len(numbers)) and len(numbers) < 32
    page.close()


# --- the pipeline's own pages ---------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_pages(demo_run) -> Path:
    output = demo_run.paths.output
    if not (output / "analytics.duckdb").exists():
        pytest.skip("the code location has no publish asset yet (pipelines/definitions.py)")
    directory = output / "dashboards"
    assert (directory / "index.html").exists(), "the run did not build the dashboards (assets.dashboards)"
    return directory


def test_the_pipeline_run_builds_every_page_self_contained(demo_pages):
    """The pages as the run wrote them; the browser opens each kind of page once, built
    from the published fixture above by the same code."""
    for name in PAGES:
        text = (demo_pages / name).read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(http", text), name
        assert text.count("* plotly.js v") == (1 if name in FIGURE_PAGES else 0), name
    index = (demo_pages / "index.html").read_text(encoding="utf-8")
    for year in PublicFigures.load(demo_pages.parent / "analytics.duckdb").cohort_years():
        assert f'href="../reports/assessment_{year}.html"' in index


def test_a_hidden_cell_of_the_demo_run_never_shows_its_number(demo_pages, demo_run):
    """Every unit figure the public schema hides reads <5 or — in the unit table,
    whatever its true value in the analysts' marts."""
    cells = cell_texts((demo_pages / "provinces.html").read_text(encoding="utf-8"))
    con = duckdb.connect(str(demo_run.paths.output / "analytics.duckdb"), read_only=True)
    try:
        hidden = con.execute(
            "SELECT p.group_value, m.value FROM public.metric_values AS p "
            "JOIN marts.metric_values AS m USING (metric, group_type, group_value) "
            "WHERE p.metric = 'cohort_size' AND p.cohort_year IS NULL AND m.cohort_year IS NULL "
            "AND p.group_type = 'province' AND p.value IS NULL AND m.value > 0"
        ).fetchall()
        latest_hidden = con.execute(
            "SELECT p.group_value FROM public.metric_values AS p WHERE p.metric = 'cohort_size' "
            "AND p.group_type = 'province' AND p.value IS NULL AND p.value_display IS NOT NULL "
            "AND p.cohort_year = (SELECT max(cohort_year) FROM public.metric_values)"
        ).fetchall()
    finally:
        con.close()
    assert latest_hidden, "the demo run should hide some unit's cohort size"
    for (code,) in latest_hidden:
        assert cells[f"cohort_size_latest|{code}"] in ("<5", "*")
    for code, _true in hidden:
        assert cells[f"cohort_size|{code}"] in ("<5", "*")


def test_charts_mark_hidden_figures_as_the_label_or_a_gap(browser, pages):
    """Plotly reads chart text as HTML: a hidden count must still read "<5" on the
    chart and in its hover label, and a withheld rate "*"."""
    page = browser.open(pages / "provinces.html")
    select = "document.querySelector('select[data-slot=unit-trends]')"
    page.evaluate(f"{select}.value = '{TIBET}'; {select}.dispatchEvent(new Event('change'))")
    page.settle(0.5)
    bar_labels = page.evaluate(
        "Array.from(document.querySelectorAll('#unit-trends text.bartext')).map(e => e.textContent)")
    assert "<5" in bar_labels
    select = "document.querySelector('select[data-slot=unit-map]')"
    page.evaluate(f"{select}.value = 'topnotch_rate_4'; {select}.dispatchEvent(new Event('change'))")
    page.settle(0.5)
    index = list(TILES).index(XPCC)
    page.evaluate(f"Plotly.Fx.hover('unit-map', [{{curveNumber: 0, pointNumber: {index}}}]); true")
    page.settle(0.3)
    hover = page.evaluate("document.querySelector('#unit-map .hovertext').textContent")
    assert "新疆生产建设兵团" in hover and "*" in hover
    assert not any(canary in hover for canary in CANARIES)
    assert page.log.console_errors == []
    page.close()


def test_a_page_left_half_written_by_a_killed_run_is_replaced_not_piled_up(tmp_path):
    from dashboards.build import write_text

    page = tmp_path / "index.html"
    (tmp_path / ".index.html.tmp").write_text("<html><body>half a pa", encoding="utf-8")
    write_text(page, "<html>whole</html>")
    write_text(page, "<html>again</html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    assert page.read_text(encoding="utf-8") == "<html>again</html>"
