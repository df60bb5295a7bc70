"""The annual assessment in two editions from one reader: the internal edition
(reports/assessment_<Y>.*, the marts' figures with intervals, marked 内部资料 on every page
and sheet) and the published one (reports/public/assessment_<Y>.*, public figures only).
Every scorecard cell of each workbook is checked against the tables it comes from, read
here with SQL; hidden cells read <5 or *, a figure that does not exist — and why; no
placeholder and no table name in either; arrows only where the comparison rule allows."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter
from browser import Chromium, chromium_executable
from public_fixture import CANARIES, QINGHAI, TIBET, XPCC, write_fixture
from office import assert_same_cells, resaved_by_libreoffice

from dashboards.cells import SHOWN, UNDEFINED_STATE, Cell
from dashboards.public import PublicFigures
from dashboards.reports.build import load_editions, report_paths, write_assessments
from dashboards.reports.html import against_national_markup, change_markup
from dashboards.reports.scorecard import build_scorecard
from dashboards.reports.workbook import (
    CODE_COLUMN,
    FIRST_MEASURE_COLUMN,
    HEADER_ROW,
    SCORECARD_SHEET,
    SHEETS,
    _Writer,
    scorecard_columns,
)
from pipelines.cli import report_command
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.paths import Paths
from pipelines.preflight import UserError
from pipelines.registry.editions import INTERNAL, PUBLISHED

ARTIFACTS = Path(__file__).parent / "artifacts"
YEAR = 2022
# Words a reader must never meet: the old placeholder and the names of tables and columns.
TECHNICAL_NAMES = ("暂无", "public.", "marts.", "analytics.duckdb", "annual_reach", "metric_values",
                   "cohorts_pooled", "value_display", "group_type")


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def assessments(fixture):
    """Both editions of YEAR, keyed by edition."""
    return {a.edition: a for a in write_assessments(load_editions(fixture.output), fixture.output, YEAR)}


# --- what a scorecard cell should read, from the tables themselves -----------------------

# measure key → (metric, cohort offset, horizon) of a single-cohort figure
COHORT_METRICS = {
    "applicants": ("applicants", 0, None), "selection_rate": ("selection_rate", 0, None),
    "students": ("cohort_size", 0, None), "training_hours_mean": ("training_hours_mean", 0, None),
    "completion_rate": ("completion_rate", 0, None), "ever_reached": ("ever_reached", 1, None),
    "qiangji_rate": ("qiangji_rate", 4, None), "basic_major_rate": ("basic_major_rate", 4, None),
    "topnotch_rate": ("topnotch_rate", 4, 4), "graduate_rate": ("graduate_rate", 6, None),
}
POOLED_METRICS = {"topnotch_rate_3": ("topnotch_rate", 4), "qiangji_rate_3": ("qiangji_rate", None),
                  "graduate_rate_3": ("graduate_rate", None)}
REACH_MEASURES = {"girls_share": ("girls_share", None), "schools": ("schools", None),
                  "universities": ("universities", None), "mentors": ("mentors", None),
                  "survey_response_rate": ("survey_response_rate", None)}
COUNTS = ("applicants", "students", "students_total", "schools", "universities", "mentors")


class Tables:
    """metric_values and annual_reach of one schema, read with SQL (not with the reader)."""

    def __init__(self, analytics: Path, schema: str):
        con = duckdb.connect(str(analytics), read_only=True)
        try:
            self.metrics = self._rows(con, f"SELECT * FROM {schema}.metric_values", (
                "metric", "cohort_year", "group_type", "group_value", "horizon", "cohorts_pooled"))
            has_reach = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                                    "AND table_name = 'annual_reach'", [schema]).fetchone()[0]
            self.reach = self._rows(con, f"SELECT * FROM {schema}.annual_reach", (
                "year", "group_type", "group_value", "measure", "detail")) if has_reach else None
        finally:
            con.close()
        self.schema = schema
        self.cohorts = sorted(k[1] for k in self.metrics if k[0] == "cohort_size" and k[2] == "national"
                              and k[1] is not None)

    @staticmethod
    def _rows(con, query: str, key: tuple[str, ...]) -> dict:
        cursor = con.execute(query)
        names = [d[0] for d in cursor.description]
        rows = (dict(zip(names, values, strict=True)) for values in cursor.fetchall())
        return {tuple(r[k] for k in key): r for r in rows}


def reading(row: dict | None, field: str, kind_count: bool):
    """A row's figure as a workbook cell must read: the number, <5, * or — (and why)."""
    if row is None:
        return "—"
    if row.get(field) is not None:
        return row[field]
    display = row.get(f"{field}_display")
    if display == "<5" and kind_count:
        return "<5"
    if display is not None or (f"{field}_display" not in row and row.get("suppressed")):
        return "*"
    return "—"


def expected(tables: Tables, key: str, part: str, year: int, code: str):
    group = ("national", "all") if code == "all" else ("province", code)
    count = key in COUNTS or key.startswith("mentors_")
    field = {"ci_low": "ci_low", "ci_high": "ci_high"}.get(part, "value")
    shift = 1 if part == "previous" else 0
    if key in COHORT_METRICS and part != "coverage":
        metric, offset, horizon = COHORT_METRICS[key]
        return reading(tables.metrics.get((metric, year - shift - offset, *group, horizon, 1)), field, count)
    if key in COHORT_METRICS:  # the coverage beside a survey figure: ever_reached of its cohort
        _, offset, _ = COHORT_METRICS[key]
        return reading(tables.metrics.get(("ever_reached", year - offset, *group, None, 1)), "value", False)
    if key == "topnotch_km":
        metric = ("ever_reached", None, *group, None, None) if part == "coverage" else ("topnotch_km", None, *group, 4, None)
        return reading(tables.metrics.get(metric), field, False)
    if key in POOLED_METRICS:
        metric, horizon = POOLED_METRICS[key]
        latest = max(k[1] for k in tables.metrics if k[0] == metric and k[5] == 3 and k[4] == horizon)
        if part != "coverage":
            return reading(tables.metrics.get((metric, latest, *group, horizon, 3)), field, False)
        parts = [tables.metrics.get(("ever_reached", y, *group, None, 1)) for y in tables.cohorts if y <= latest][-3:]
        parts = [p for p in parts if p is not None and (p["value"] is not None or p.get("value_display"))]
        numbers = [(p["numerator"], p["denominator"]) for p in parts]
        if any(x is None or n is None for x, n in numbers):
            return "*" if tables.schema == "public" else "—"
        if not numbers or sum(n for _, n in numbers) == 0:
            return "—"  # nobody in the unit's three cohorts
        return sum(x for x, _ in numbers) / sum(n for _, n in numbers)
    if key == "students_total":
        cohorts = [y for y in tables.cohorts if y <= year - shift]
        if cohorts[-1] == tables.cohorts[-1]:
            return reading(tables.metrics.get(("cohort_size", None, *group, None, None)), "value", True)
        rows = [tables.metrics.get(("cohort_size", y, *group, None, 1)) for y in cohorts]
        sizes = [reading(row, "value", True) for row in rows if row is not None]  # no row: nobody
        if not sizes:
            return "—"
        return "*" if any(isinstance(s, str) for s in sizes) else sum(sizes)
    measure, detail = REACH_MEASURES.get(key) or ("mentors", key.removeprefix("mentors_"))
    if tables.reach is None:
        return "—"
    return reading(tables.reach.get((year - shift, *group, measure, detail)), field, count)


def same(value, wanted) -> bool:
    """A workbook cell reads the figure: the same number (to the 15 or so digits an XLSX
    keeps), the same mark, or — followed by the reason."""
    if wanted == "—":
        return isinstance(value, str) and value.startswith("—")
    if isinstance(wanted, str):
        return value == wanted
    if field_is_empty := value is None:
        return field_is_empty and wanted is None
    return value == pytest.approx(wanted, rel=1e-12, abs=1e-15)


def check_scorecard_sheet(workbook: Path, figures: PublicFigures, tables: Tables, year: int) -> int:
    """Every cell of the scorecard sheet against the tables; returns how many were checked."""
    sheet = openpyxl.load_workbook(workbook)[SCORECARD_SHEET]
    columns = scorecard_columns(build_scorecard(figures, year))
    rows = {sheet.cell(r, CODE_COLUMN + 1).value: r for r in range(HEADER_ROW + 2, sheet.max_row + 1)}
    assert list(rows) == ["all", *PROVINCE_CODES]
    checked = 0
    for code, r in rows.items():
        for c, (key, part, _, _) in enumerate(columns, start=FIRST_MEASURE_COLUMN + 1):
            value, wanted = sheet.cell(r, c).value, expected(tables, key, part, year, code)
            if part in ("ci_low", "ci_high") and isinstance(wanted, str):
                wanted = None  # no interval where the figure is not shown
            assert same(value, wanted), (code, key, part, value, wanted)
            checked += 1
    return checked


def workbook_texts(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]


# --- the two editions -------------------------------------------------------------------

def test_the_two_editions_are_written_in_their_folders(assessments, fixture):
    assert (assessments[INTERNAL].html, assessments[INTERNAL].workbook) == report_paths(fixture.output, YEAR)
    assert (assessments[PUBLISHED].html, assessments[PUBLISHED].workbook) == report_paths(fixture.output, YEAR, PUBLISHED)
    assert assessments[PUBLISHED].html.parent == fixture.output / "reports" / "public"
    for assessment in assessments.values():
        text = assessment.html.read_text(encoding="utf-8")
        assert text.count('<article class="card"') == 33  # the nation and the 32 units
        assert all(f'id="unit-{code}"' in text for code in PROVINCE_CODES)
        for section in ("全国概况", "各届培养路径", "省级评估总表", "各单位评估卡", "按培养高校与导师职称", "方法说明"):
            assert section in text
        assert openpyxl.load_workbook(assessment.workbook).sheetnames == list(SHEETS)


def test_the_internal_workbook_equals_the_marts_figures_in_every_scorecard_cell(assessments, fixture):
    figures = PublicFigures.load(fixture.analytics, INTERNAL)
    checked = check_scorecard_sheet(assessments[INTERNAL].workbook, figures, Tables(fixture.analytics, "marts"), YEAR)
    assert checked == 33 * len(scorecard_columns(build_scorecard(figures, YEAR)))


def test_the_published_workbook_equals_the_public_figures_in_every_scorecard_cell(assessments, fixture):
    figures = PublicFigures.load(fixture.analytics, PUBLISHED)
    check_scorecard_sheet(assessments[PUBLISHED].workbook, figures, Tables(fixture.analytics, "public"), YEAR)


def test_the_scorecard_shows_the_path_of_a_cohort_with_coverage_and_three_cohort_rates(assessments):
    sheet = openpyxl.load_workbook(assessments[PUBLISHED].workbook)[SCORECARD_SHEET]
    headers = [sheet.cell(HEADER_ROW + 1, c).value.split("\n")[0] for c in range(1, sheet.max_column + 1)]
    order = ["申请人数 2022", "申请者入选率 2022", "当年入选学生 2022", "人均培养学时 2022", "当届结业率 2022",
             "2021 届曾跟踪到的比例", "2018 届强基计划录取比例", "2018 届 4 年拔尖计划入选率（下限）",
             "2016 届研究生在读比例"]
    assert [headers.index(h) for h in order] == sorted(headers.index(h) for h in order)
    assert "2018 届 4 年拔尖计划入选率（下限） 的跟踪覆盖（曾跟踪到）" in headers
    assert "4 年拔尖计划入选率（下限），2018–2020 届合并" in headers
    assert "校友跟踪覆盖率 2022" in headers


def test_the_internal_edition_is_marked_on_every_page_and_sheet(assessments):
    text = assessments[INTERNAL].html.read_text(encoding="utf-8")
    assert '<div class="internal-mark"' in text.split("<header", 1)[0]
    assert text.count('@top-center { content: "内部资料 · Internal"') == 2  # portrait and landscape pages
    book = openpyxl.load_workbook(assessments[INTERNAL].workbook)
    for sheet in book:
        assert sheet["A1"].value.startswith("内部资料"), sheet.title
        assert "内部资料" in sheet.oddHeader.center.text and "内部资料" in sheet.oddFooter.left.text, sheet.title
    published = assessments[PUBLISHED]
    assert "内部资料" not in published.html.read_text(encoding="utf-8")
    assert not any("内部资料" in v for v in workbook_texts(published.workbook))
    assert all(s["A1"].value.startswith("公开版") for s in openpyxl.load_workbook(published.workbook))


def test_no_placeholder_and_no_technical_name_in_either_edition(assessments):
    for assessment in assessments.values():
        visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", assessment.html.read_text(encoding="utf-8"), flags=re.S)
        values = workbook_texts(assessment.workbook)
        for name in TECHNICAL_NAMES:
            assert name not in visible, (assessment.edition, name)
            assert not any(name in v for v in values), (assessment.edition, name)


def test_a_figure_that_does_not_exist_says_why(fixture, tmp_path):
    """2016 had no survey and no applicants data; a cohort 2022 has no 6-year figure."""
    editions = load_editions(fixture.output)
    written = {a.edition: a for a in write_assessments(editions, tmp_path, 2017)}
    for assessment in written.values():
        cells = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>(.*?)</td>', assessment.html.read_text(encoding="utf-8")))
        assert cells["110000|survey_response_rate|previous"] == '—<small class="why">当年尚无跟踪调查</small>'
        assert cells["all|applicants|previous"] == '—<small class="why">当年无申请者数据</small>'
    sheet = openpyxl.load_workbook(written[INTERNAL].workbook)[SCORECARD_SHEET]
    values = [c.value for row in sheet.iter_rows(min_row=HEADER_ROW + 2) for c in row]
    assert "— 当年尚无跟踪调查" in values and "— 当年无申请者数据" in values


def test_hidden_cells_read_as_their_mark_only_in_the_published_edition(fixture, tmp_path):
    written = {a.edition: a for a in write_assessments(load_editions(fixture.output), tmp_path, 2018)}
    cells = {e: dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)', a.html.read_text(encoding="utf-8")))
             for e, a in written.items()}
    assert cells[PUBLISHED][f"{TIBET}|students|current"] == "&lt;5"
    assert cells[PUBLISHED][f"{QINGHAI}|students|current"] == "*"
    assert cells[PUBLISHED][f"{QINGHAI}|completion_rate|current"] == "*"
    assert cells[INTERNAL][f"{TIBET}|students|current"] == "3"
    assert cells[INTERNAL][f"{QINGHAI}|students|current"] == "5"


def test_a_total_to_date_is_withheld_when_one_of_its_cohorts_is_hidden(fixture, tmp_path):
    """Summing a unit's cohorts beside the published ones could give a hidden one back."""
    written = {a.edition: a for a in write_assessments(load_editions(fixture.output), tmp_path, 2019)}
    cells = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)', written[PUBLISHED].html.read_text(encoding="utf-8")))
    assert cells[f"{TIBET}|students_total|current"] == "*"
    assert cells["110000|students_total|current"] != "*"


def test_no_hidden_figure_appears_in_the_published_edition(assessments):
    """The canaries are true figures of the marts: the internal edition shows the unit's
    Kaplan–Meier estimate, the published one never."""
    published = assessments[PUBLISHED]
    text, values = published.html.read_text(encoding="utf-8"), workbook_texts(published.workbook)
    for canary in CANARIES:
        assert canary not in text
        assert not any(canary in v for v in values), canary
    internal = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)', assessments[INTERNAL].html.read_text(encoding="utf-8")))
    assert internal[f"{XPCC}|topnotch_km|current"] == "93.2%"


def test_arrows_only_where_the_intervals_allow(assessments, fixture):
    """A made case: overlapping intervals get no arrow however large the gap; disjoint ones
    do. In the reports, every arrow stands where the rule finds a difference and counts
    never get one."""
    wide, other = Cell(0.30, SHOWN, 0.10, 0.50), Cell(0.05, SHOWN, 0.01, 0.15)
    assert "mark" not in change_markup(wide, other, "rate") and "mark" not in against_national_markup(wide, Cell(0.2, SHOWN), "rate")
    assert 'class="mark above"' in change_markup(Cell(0.6, SHOWN, 0.55, 0.65), other, "rate")
    assert 'class="mark below"' in against_national_markup(other, Cell(0.2, SHOWN), "rate")
    for edition, assessment in assessments.items():
        figures = PublicFigures.load(fixture.analytics, edition)
        scorecard = build_scorecard(figures, YEAR)
        marked = set(re.findall(r'data-compared="([^"]+)"><span class="mark', assessment.html.read_text(encoding="utf-8")))
        from dashboards.cells import against_previous, against_reference

        allowed = set()
        for unit in scorecard.all_units():
            for m in scorecard.measures:
                f = unit.figures[m.key]
                if f.previous is not None and against_previous(f.current, f.previous):
                    allowed.add(f"{unit.code}|{m.key}|previous")
                if unit is not scorecard.national and against_reference(f.current, scorecard.national.figures[m.key].current):
                    allowed.add(f"{unit.code}|{m.key}|national")
        assert marked == allowed, edition
        assert not [k for k in marked if k.split("|")[1] in COUNTS]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, assessments):
    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    writer = _Writer(book)
    for row, text in enumerate(["=1+1", "+86 10", "-5", "@SUM(A1)", "=HYPERLINK(\"http://x\")"]):
        writer.string(sheet, row, 0, text)
    book.close()
    cells = openpyxl.load_workbook(path).active
    assert [(c.value, c.data_type) for (c,) in cells.iter_rows()] == [
        ("=1+1", "s"), ("+86 10", "s"), ("-5", "s"), ("@SUM(A1)", "s"), ("=HYPERLINK(\"http://x\")", "s"),
    ]
    for assessment in assessments.values():
        workbook = openpyxl.load_workbook(assessment.workbook)
        assert not [c.coordinate for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_undefined_cells_carry_the_metric_reason(fixture):
    figures = PublicFigures.load(fixture.analytics, INTERNAL)
    cell = figures.cell("topnotch_rate", 2022, horizon=4)
    assert (cell.state, cell.why("zh"), cell.text("rate")) == (UNDEFINED_STATE, "入选至今未满所需年数", "—")
    assert figures.reach_cell(2016, "survey_response_rate").why("en") == "no follow-up survey in this year"


def test_report_command_writes_both_editions_and_refuses_an_unknown_year(fixture, capsys):
    paths = Paths(input_dir=str(fixture.output / "input"), output_dir=str(fixture.output))
    assert report_command(paths, 2020) == 0
    out = capsys.readouterr().out
    assert "reports/assessment_2020.xlsx" in out and "reports/public/assessment_2020.xlsx" in out
    assert all(p.exists() for e in (INTERNAL, PUBLISHED) for p in report_paths(fixture.output, 2020, e))
    with pytest.raises(UserError, match="no cohort 1999"):
        report_command(paths, 1999)
    with pytest.raises(UserError, match="no published analytics database"):
        report_command(Paths(input_dir="x", output_dir=str(fixture.output / "nothing")), 2020)


def test_the_internal_report_opens_offline_and_prints(assessments):
    if chromium_executable() is None:
        pytest.fail("no Chromium: run scripts/install-system-packages.sh")
    with Chromium() as browser:
        page = browser.open(assessments[INTERNAL].html)
        page.screenshot(ARTIFACTS / f"fixture-assessment_{YEAR}-internal.png")
        banner = page.evaluate("document.querySelector('.internal-mark').innerText")
        pdf = page.print_pdf()
        page.settle(0.3)
        assert page.log.console_errors == []
        assert page.log.outside_requests() == []
    assert banner.startswith("内部资料")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 10


# --- the pipeline's own assessment ------------------------------------------------------

def test_the_pipeline_run_writes_both_editions_equal_to_their_figures(demo_run):
    output = demo_run.paths.output
    analytics = output / "analytics.duckdb"
    published = PublicFigures.load(analytics, PUBLISHED)
    for year in published.cohort_years():
        for edition in (INTERNAL, PUBLISHED):
            assert all(p.exists() for p in report_paths(output, year, edition)), (year, edition)
    year = published.cohort_years()[-1]
    for edition, schema in ((INTERNAL, "marts"), (PUBLISHED, "public")):
        workbook = report_paths(output, year, edition)[1]
        check_scorecard_sheet(workbook, PublicFigures.load(analytics, edition), Tables(analytics, schema), year)
        for name in TECHNICAL_NAMES:
            assert not any(name in v for v in workbook_texts(workbook)), (edition, name)


def test_libreoffice_opens_the_internal_workbook_with_every_figure(demo_run, tmp_path):
    """One real office suite: the workbook converted again to XLSX by LibreOffice holds the
    same values on every sheet (the sweep, tests/sweep, does this for every workbook)."""
    output = demo_run.paths.output
    year = PublicFigures.load(output / "analytics.duckdb").cohort_years()[-1]
    workbook = report_paths(output, year)[1]
    (again,) = resaved_by_libreoffice([workbook], tmp_path)
    numbers = assert_same_cells(workbook, again, list(SHEETS), "内部资料")
    assert numbers > 500
