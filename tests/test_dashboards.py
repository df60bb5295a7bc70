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
from dashboards.cells import COUNT, HOURS, RATE, SHOWN, SMALL, WITHHELD, Cell, ratio, total
from dashboards.overview import PATH_STEPS
from dashboards.provinces import measures
from dashboards.public import PublicFigures
from dashboards.quality import CheckResult
from dashboards.tile_grid import TILES
from pipelines.contract.provinces import PROVINCE_CODES

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = ("index.html", "overview.html", "provinces.html", "breakdowns.html", "quality.html", "metrics.html")
FIGURE_PAGES = ("overview.html", "provinces.html", "breakdowns.html", "quality.html")
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
    """data-cell key → the figure of the cell as a reader sees it (the same in both languages)."""
    found = {}
    for key, body in re.findall(r'<td[^>]* data-cell="([^"]+)"[^>]*>(.*?)</td>', page):
        figure = re.search(r'<span class="figure">(.*?)</span>', body)
        found[key] = figure.group(1).replace("&lt;", "<")
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
        # Without the 95% intervals of shown figures, whose bounds may happen to read like a canary.
        text = re.sub(r"\[[^\]\[]*%\]", "", (pages / name).read_text(encoding="utf-8"))
        for canary in CANARIES:
            assert canary not in text, (name, canary)


def test_the_data_quality_page_counts_rejections_by_reason_and_unit(pages):
    text = (pages / "quality.html").read_text(encoding="utf-8")
    assert "invalid_national_id" in text and "unknown_student" in text
    assert 'data-check="audit/file_ingest:every_file_loaded"' in text
    # A message a province wrote is shown as text, never as markup or a formula.
    assert "=HYPERLINK(&quot;x&quot;)" in text



def test_the_data_quality_page_shows_what_each_redelivery_resolved_by_unit_and_reason(pages):
    """The fixture's 2016/考核.csv, replaced once: for 广东, three missing_value rows resolved and
    one new; for the rows of no known unit, one unknown_student still open."""
    text = (pages / "quality.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="data" id="redeliveries">.*?</table>', text, re.DOTALL).group(0)
    rows = {}
    for row in re.findall(r"<tr><td.*?</tr>", table, re.DOTALL):
        unit = re.search(r"北京|广东|无法确定", row).group(0)
        reason = re.search(r'<td class="text">([a-z_]+)</td>', row).group(1)
        rows[(unit, reason)] = re.findall(r"<td>([\d,]+)</td>", row)
    assert rows[("广东", "missing_value")] == ["1", "3", "0", "1"]  # files, resolved, still open, new
    assert rows[("广东", "invalid_value")] == ["1", "2", "0", "0"]
    assert rows[("无法确定", "unknown_student")] == ["1", "0", "1", "0"]
    assert "still open when it does" in text

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
        "overview.html": {"cohort-sizes", "completion", "training-hours", "destinations", "pathway",
                          "km-discipline", "km-gender", "coverage", "girls", "reach"},
        "provinces.html": {"unit-map", "unit-trends"},
        "breakdowns.html": {"mentors"},  # the fixture publishes no figure by mentor title
        "quality.html": {"rows", "reasons", "warnings", "reasons-by-unit"},
        "index.html": set(),
        "metrics.html": set(),
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
        # The published dashboards link the published edition, never the internal one.
        assert f'href="../reports/public/assessment_{year}.html"' in index
        assert f'href="../reports/assessment_{year}.html"' not in index


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
    # A hidden cohort is a gap named in its panel's note, not a mark floating on the axis.
    notes = page.evaluate(
        "Array.from(document.querySelectorAll('#unit-trends .annotation-text')).map(e => e.textContent)")
    assert any(note.startswith("不公布：") and "<5 2018" in note for note in notes), notes
    assert page.evaluate("document.querySelectorAll('#unit-trends text.bartext').length") == 0
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


# --- a made case: the comparison rule, zeros hidden, three cohorts, every page linked ---------

BEIJING, TIANJIN, HEBEI, SHANXI, NEIMENGGU = "110000", "120000", "130000", "140000", "150000"
MADE_COLUMNS = ("metric", "cohort_year", "group_type", "group_value", "horizon", "cohorts_pooled", "numerator",
                "denominator", "value", "ci_low", "ci_high", "numerator_display", "denominator_display",
                "value_display", "suppressed", "suppression")


def made_row(metric, year, group_type, group_value, value=None, interval=(None, None), horizon=None,
             pooled="single", numerator=None, denominator=None, display=None, numerator_display=None) -> tuple:
    """One row of public.metric_values as the published edition gives it: a hidden
    figure NULL with its mark in the display column."""
    cohorts_pooled = (1 if year is not None else None) if pooled == "single" else pooled
    hidden = display is not None or numerator_display is not None
    return (metric, year, group_type, group_value, horizon, cohorts_pooled, numerator, denominator, value,
            *interval, numerator_display if numerator_display else (None if numerator is None else str(numerator)),
            None if denominator is None else str(denominator), display, hidden, "small_count" if hidden else None)


def made_rows() -> list[tuple]:
    national = ("national", "all")
    rows = []
    for year, size in ((2019, 400), (2020, 420), (2021, 450)):
        rows.append(made_row("cohort_size", year, *national, size))
        rows.append(made_row("qiangji_rate", year, *national, 0.1, (0.07, 0.13), numerator=20, denominator=200))
        rows.append(made_row("ever_reached", year, *national, 0.9, (0.86, 0.93), numerator=360, denominator=400))
    rows.append(made_row("followup_coverage", 2019, *national, 0.6, (0.55, 0.65), horizon=2))  # H = 2021
    rows.append(made_row("cohort_size", None, *national, 1270))
    for code, size in ((BEIJING, 40), (TIANJIN, 30), (HEBEI, 50)):
        rows.append(made_row("cohort_size", 2021, "province", code, size))
    # 山西 2021: nobody selected (a zero), published like 1–4.
    rows.append(made_row("cohort_size", 2021, "province", SHANXI, display="<5"))
    for year in (2019, 2020):
        rows.append(made_row("cohort_size", year, "province", SHANXI, display="*"))
    # Completion, all cohorts: 北京 wholly above the nation, 天津 above it by its point but
    # with an interval that includes it, 河北 wholly below, 山西's rate withheld (a count of 0).
    rows.append(made_row("completion_rate", None, *national, 0.80, (0.78, 0.82), numerator=1016, denominator=1270))
    rows.append(made_row("completion_rate", None, "province", BEIJING, 0.95, (0.90, 0.98)))
    rows.append(made_row("completion_rate", None, "province", TIANJIN, 0.90, (0.70, 0.97)))
    rows.append(made_row("completion_rate", None, "province", HEBEI, 0.60, (0.50, 0.70)))
    rows.append(made_row("completion_rate", None, "province", SHANXI, display="*", numerator_display="<5"))
    # Year on year, nationally: 2020 → 2021 intervals apart; 2019 → 2020 overlapping.
    for year, value, interval in ((2019, 0.74, (0.70, 0.78)), (2020, 0.72, (0.69, 0.76)), (2021, 0.85, (0.81, 0.88))):
        rows.append(made_row("completion_rate", year, *national, value, interval))
    # 强基计划 over the last three cohorts (2019–2021): the nation, 北京 shown, 内蒙古 withheld.
    rows.append(made_row("qiangji_rate", 2021, *national, 0.1, (0.08, 0.12), pooled=3, numerator=60, denominator=600))
    rows.append(made_row("qiangji_rate", 2021, "province", BEIJING, 0.2, (0.13, 0.29), pooled=3))
    rows.append(made_row("qiangji_rate", 2021, "province", NEIMENGGU, display="*", pooled=3))
    rows.append(made_row("qiangji_rate", None, *national, 0.3, (0.25, 0.35)))
    rows.append(made_row("qiangji_rate", None, "province", BEIJING, 0.9, (0.8, 0.95)))
    return rows


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> PublicFigures:
    path = tmp_path_factory.mktemp("made") / "analytics.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE SCHEMA public")
        con.execute("""CREATE TABLE public.metric_values (metric VARCHAR, cohort_year INTEGER, group_type VARCHAR,
            group_value VARCHAR, horizon INTEGER, cohorts_pooled INTEGER, numerator BIGINT, denominator BIGINT,
            value DOUBLE, ci_low DOUBLE, ci_high DOUBLE, numerator_display VARCHAR, denominator_display VARCHAR,
            value_display VARCHAR, suppressed BOOLEAN, suppression VARCHAR)""")
        con.executemany(f"INSERT INTO public.metric_values VALUES ({', '.join('?' * len(MADE_COLUMNS))})", made_rows())
        con.execute("""CREATE TABLE public.publication AS SELECT now()::TIMESTAMP AS published_at, 'made' AS run_id,
            5 AS small_cell_k, '<5' AS small_count_label, '*' AS withheld_mark""")
    finally:
        con.close()
    return PublicFigures.load(path)


def tile_fills(figure) -> dict[str, str]:
    return {code: shape.fillcolor for code, shape in zip(TILES, figure.layout.shapes, strict=True)}


def test_a_unit_is_coloured_and_marked_only_where_its_interval_lies_wholly_beside_the_nation(made):
    from dashboards.provinces import COMPARISON_TILES, table_markup, tile_map
    from dashboards.cells import ABOVE, BELOW, NOT_DIFFERENT

    completion = next(m for m in measures(made) if m.key == "completion_rate")
    fills = tile_fills(tile_map(made, completion, "zh"))
    assert fills[BEIJING] == COMPARISON_TILES[ABOVE][0]
    assert fills[HEBEI] == COMPARISON_TILES[BELOW][0]
    # 天津's 90% is ten points above the nation's 80%, but its interval includes 80%.
    assert fills[TIANJIN] == COMPARISON_TILES[NOT_DIFFERENT][0]
    table = table_markup(made, [completion])
    rows = {code: re.search(rf'data-cell="completion_rate\|{code}"[^>]*>(.*?)</td>', table).group(1)
            for code in (BEIJING, TIANJIN, HEBEI, SHANXI)}
    assert 'data-mark="above"' in rows[BEIJING] and "▲" in rows[BEIJING]
    assert 'data-mark="below"' in rows[HEBEI] and "▼" in rows[HEBEI]
    assert "data-mark" not in rows[TIANJIN] and "data-mark" not in rows[SHANXI]


def test_a_zero_hidden_like_one_to_four_is_grey_with_its_mark_never_a_zero(made):
    from dashboards.charts import HIDDEN_TILE
    from dashboards.provinces import table_markup, tile_map, unit_trends

    latest = next(m for m in measures(made) if m.key == "cohort_size_latest")
    figure = tile_map(made, latest, "zh")
    assert tile_fills(figure)[SHANXI] == HIDDEN_TILE
    note = figure.layout.annotations[list(TILES).index(SHANXI)].text
    assert note.endswith("&lt;5") and not re.search(r">0(\.0%)?$", note)
    assert cell_texts(table_markup(made, [latest]))[f"cohort_size_latest|{SHANXI}"] == "<5"
    completion = next(m for m in measures(made) if m.key == "completion_rate")
    assert cell_texts(table_markup(made, [completion]))[f"completion_rate|{SHANXI}"] == "*"
    # Its trends: no bar, no mark on the axis, an axis from 0, the hidden cohorts named.
    trends = unit_trends(made, SHANXI, "zh")
    bars = trends["data"][0]
    assert bars["y"] == [None, None, None] and "text" not in bars
    assert trends["layout"]["yaxis"]["range"][0] == 0
    assert "不公布：* 2019–2020；&lt;5 2021" in [a["text"] for a in trends["layout"]["annotations"]]


def test_a_rare_outcome_on_the_map_pools_the_last_three_cohorts_and_names_them(made):
    from dashboards.provinces import tile_map

    qiangji = next(m for m in measures(made) if m.key == "qiangji_rate")
    assert qiangji.label.zh == "强基计划录取比例（近三届合并：2019–2021届）"
    figure = tile_map(made, qiangji, "zh")
    notes = {code: a.text for code, a in zip(TILES, figure.layout.annotations, strict=False)}
    assert notes[BEIJING] == "<b>北京</b><br>20.0% ▲"  # the three-cohort row, not the all-cohort 90.0%
    assert notes[NEIMENGGU].endswith("*")
    assert figure.layout.title.text.startswith("强基计划录取比例（近三届合并：2019–2021届）（全国：10.0% [8.0%, 12.0%]）")


def test_the_path_table_marks_a_change_from_the_previous_cohort_only_where_the_intervals_part(made):
    from dashboards.overview import path_table

    def completion_row(year):
        return re.search(r'<tr data-step="completion_rate">(.*?)</tr>', path_table(made, year)).group(1)

    assert 'data-mark="above"' in completion_row(2021)  # [81%, 88%] against [69%, 76%]
    assert "data-mark" not in completion_row(2020)  # [69%, 76%] against [70%, 78%]


def test_an_undefined_figure_reads_the_dash_and_why_in_words(made):
    from dashboards.overview import path_table

    table = path_table(made, 2021)
    row = re.search(r'<tr data-step="graduate_rate">(.*?)</tr>', table).group(1)
    assert '<span class="figure">—</span>' in row and "入选至今未满所需年数" in row
    assert "horizon_not_reached" not in table


# --- the published fixture's pages: every figure as published ----------------------------------

def expected_text(row: dict | None, kind: str, field: str = "value") -> str:
    """How a published row reads: the number, <5 for a small count, * withheld, — undefined."""
    if row is None:
        return "—"
    value, display = row[field], row.get(f"{field}_display")
    if value is not None:
        return {COUNT: f"{round(value):,}", RATE: f"{value * 100:.1f}%", HOURS: f"{value:,.1f}"}[kind]
    if display == "<5" and kind == COUNT:
        return "<5"
    if (display is not None and display != "—") or row.get("suppressed"):
        return "*"
    return "—"


def test_every_figure_of_the_path_table_is_the_published_one(pages, fixture):
    cells = cell_texts((pages / "overview.html").read_text(encoding="utf-8"))
    checked = 0
    for step in PATH_STEPS:
        field = step.field
        for year in (None, *range(2016, 2024)):
            key = f"{step.metric}{'' if field == 'value' else '.' + field}|{year or 'all'}"
            if step.all_cohorts_only and year is not None:
                assert key not in cells
                continue
            row = fixture.public.get((step.metric, year, "national", "all", step.horizon))
            assert cells[key] == expected_text(row, step.kind, field), key
            checked += 1
    assert checked == 12 * 9 + 1


def test_every_figure_of_the_unit_table_is_the_published_one(pages, fixture):
    cells = cell_texts((pages / "provinces.html").read_text(encoding="utf-8"))
    simple = {"completion_rate": ("completion_rate", None, RATE), "ever_reached": ("ever_reached", None, RATE),
              "topnotch_km_4": ("topnotch_km", 4, RATE), "basic_major_rate": ("basic_major_rate", None, RATE),
              "training_hours_median": ("training_hours_median", None, HOURS), "cohort_size": ("cohort_size", None, COUNT)}
    for key, (metric, horizon, kind) in simple.items():
        for code in ("all", *PROVINCE_CODES):
            group = ("national", "all") if code == "all" else ("province", code)
            row = fixture.public.get((metric, None, *group, horizon))
            assert cells[f"{key}|{code}"] == expected_text(row, kind), (key, code)


def test_the_breakdowns_and_definitions_pages_exist_and_every_page_links_to_them(pages):
    for name in PAGES:
        text = (pages / name).read_text(encoding="utf-8")
        assert '<a href="breakdowns.html"' in text, name
        assert '<a href="metrics.html"' in text, name
        assert 'class="definitions"' in text, name  # in the footer
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert index.count('href="breakdowns.html"') == 2 and index.count('href="metrics.html"') >= 2
    for name in ("overview.html", "provinces.html", "breakdowns.html"):
        legend = re.search(r'<dl class="legend">(.*?)</dl>', (pages / name).read_text(encoding="utf-8")).group(1)
        assert 'href="metrics.html"' in legend and "0 至 4" in legend and "k − 1" not in legend


def test_the_definitions_page_renders_every_metric_and_leaves_no_markdown(pages):
    from pipelines.registry.metrics import REGISTRY

    text = (pages / "metrics.html").read_text(encoding="utf-8")
    body = re.search(r'<article class="doc" lang="en">(.*?)</article>', text, re.S).group(1)
    for name in REGISTRY.names():
        assert f"<code>{name}</code>" in body, name
    for marker in ("**", "](", "|---", "\n# ", "\n## ", "\n- "):
        assert marker not in body, marker
    assert body.count("<table") == 3 and "近三届合并" in body and "<code>cohorts_pooled</code>" in body


def test_the_demo_breakdowns_show_every_university_and_mentor_title_as_published(demo_pages, demo_run):
    cells = cell_texts((demo_pages / "breakdowns.html").read_text(encoding="utf-8"))
    con = duckdb.connect(str(demo_run.paths.output / "analytics.duckdb"), read_only=True)
    try:
        cursor = con.execute(
            "SELECT * FROM public.metric_values WHERE cohort_year IS NULL AND group_type IN ('university', 'mentor_title') "
            "AND metric IN ('cohort_size', 'completion_rate', 'qiangji_rate')")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()
    assert {r["group_type"] for r in rows} == {"university", "mentor_title"}
    for row in rows:
        kind = COUNT if row["metric"] == "cohort_size" else RATE
        assert cells[f"{row['metric']}|{row['group_value']}"] == expected_text(row, kind), row
    page = (demo_pages / "breakdowns.html").read_text(encoding="utf-8")
    assert "北京大学" in page  # universities by name, not by code
