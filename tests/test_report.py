"""The annual assessment: the printable report and the workbook of year Y, built from the
published figures only; the workbook opens with openpyxl and its scorecard equals the
public figures; hidden cells read <5 or — everywhere; text never becomes a formula."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from browser import Chromium, chromium_executable
from public_fixture import CANARIES, QINGHAI, TIBET, XPCC, write_fixture

from dashboards.public import PublicFigures
from pipelines.contract.provinces import PROVINCE_CODES
from dashboards.reports.build import report_paths, write_assessment
from pipelines.cli import report_command
from dashboards.reports.workbook import (
    FIRST_MEASURE_COLUMN,
    METHODS_SHEET,
    SCORECARD_SHEET,
    SUMMARY_SHEET,
    _Writer,
    scorecard_columns,
)
from pipelines.paths import Paths
from pipelines.preflight import UserError

ARTIFACTS = Path(__file__).parent / "artifacts"
YEAR = 2022


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def assessment(fixture):
    return write_assessment(PublicFigures.load(fixture.analytics), fixture.output, YEAR)


def expected(fixture, metric, year, code, horizon=None, field="value"):
    """What a reader should see for one public figure: the number, or its mark."""
    group = ("national", "all") if code == "all" else ("province", code)
    row = fixture.public.get((metric, year, *group, horizon))
    if row is None or (row[field] is None and row[f"{field}_display"] is None):
        return "—"
    if row[field] is None:
        return "<5" if row[f"{field}_display"] == "<5" and metric == "cohort_size" else "*"
    return row[field]


def same(value, wanted) -> bool:
    """A workbook cell equals a public figure: the same number (to the 15 or so digits an
    XLSX file keeps) or the same mark."""
    if isinstance(wanted, str) or wanted is None:
        return value == wanted
    return value == pytest.approx(wanted, rel=1e-13, abs=0)


def reach_expected(fixture, year, code, measure, detail=None):
    con_rows = _reach(fixture)
    group = ("national", "all") if code == "all" else ("province", code)
    row = con_rows.get((year, *group, measure, detail))
    if row is None:
        return "—"
    if row["count"] is None:
        return "<5" if row["count_display"] == "<5" else "*"
    return row["count"]


_REACH_CACHE = {}


def _reach(fixture):
    if fixture.analytics not in _REACH_CACHE:
        _REACH_CACHE[fixture.analytics] = PublicFigures.load(fixture.analytics).reach
    return _REACH_CACHE[fixture.analytics]


def test_the_report_and_the_workbook_are_written_for_the_year(assessment, fixture):
    html, workbook = report_paths(fixture.output, YEAR)
    assert (assessment.html, assessment.workbook) == (html, workbook)
    text = html.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text and "@media print" in text and "@page" in text
    assert text.count('<article class="card"') == 32
    for code in PROVINCE_CODES:
        assert f'id="unit-{code}"' in text
    assert "新疆生产建设兵团" in text
    for section in ("全国概况", "省级评估总表", "各单位评估卡", "方法说明", "What non-response means", "Censoring"):
        assert section in text


def test_the_workbook_has_the_three_sheets(assessment):
    book = openpyxl.load_workbook(assessment.workbook)
    assert book.sheetnames == [SUMMARY_SHEET, SCORECARD_SHEET, METHODS_SHEET]


def test_the_workbook_scorecard_equals_the_public_figures(assessment, fixture):
    sheet = openpyxl.load_workbook(assessment.workbook)[SCORECARD_SHEET]
    columns = scorecard_columns(YEAR)
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert list(rows) == ["all", *PROVINCE_CODES]

    def at(code, key, part):
        column = FIRST_MEASURE_COLUMN + 1 + columns.index(next(c for c in columns if c[:2] == (key, part)))
        return sheet.cell(rows[code], column).value

    checked = 0
    for code in rows:
        assert same(at(code, "students", "current"), expected(fixture, "cohort_size", YEAR, code))
        assert same(at(code, "students", "previous"), expected(fixture, "cohort_size", YEAR - 1, code))
        assert same(at(code, "completion_rate", "current"), expected(fixture, "completion_rate", YEAR, code))
        topnotch = expected(fixture, "topnotch_rate", YEAR - 4, code, 4)
        assert same(at(code, "topnotch_rate", "current"), topnotch)
        if not isinstance(topnotch, str):
            group = ("national", "all") if code == "all" else ("province", code)
            row = fixture.public[("topnotch_rate", YEAR - 4, *group, 4)]
            assert same(at(code, "topnotch_rate", "ci_low"), row["ci_low"])
            assert same(at(code, "topnotch_rate", "ci_high"), row["ci_high"])
        for measure in ("universities", "mentors", "schools"):
            assert same(at(code, measure, "current"), reach_expected(fixture, YEAR, code, measure))
        assert same(at(code, "mentors_院士", "current"), reach_expected(fixture, YEAR, code, "mentors", "院士"))
        checked += 1
    assert checked == 33
    assert isinstance(at("all", "students", "current"), int)


def test_hidden_cells_read_as_their_mark_in_the_report_and_the_workbook(fixture, tmp_path):
    figures = PublicFigures.load(fixture.analytics)
    assessment = write_assessment(figures, tmp_path, 2018)
    text = assessment.html.read_text(encoding="utf-8")
    cells = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)</td>', text))
    assert cells[f"{TIBET}|students|current"] == "&lt;5"
    assert cells[f"{QINGHAI}|students|current"] == "*"
    assert cells[f"{QINGHAI}|completion_rate|current"] == "*"
    assert cells[f"{QINGHAI}|girls_share|current"] == "*"
    sheet = openpyxl.load_workbook(assessment.workbook)[SCORECARD_SHEET]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    column = FIRST_MEASURE_COLUMN + 1 + [c[:2] for c in scorecard_columns(2018)].index(("students", "current"))
    assert sheet.cell(rows[TIBET], column).value == "<5"
    assert sheet.cell(rows[QINGHAI], column).value == "*"


def test_a_total_to_date_is_withheld_when_one_of_its_cohorts_is_hidden(fixture, tmp_path):
    """Summing a unit's cohorts beside the published ones could give a hidden one back."""
    assessment = write_assessment(PublicFigures.load(fixture.analytics), tmp_path, 2019)
    cells = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)</td>', assessment.html.read_text(encoding="utf-8")))
    assert cells[f"{TIBET}|students_total|current"] == "*"
    assert cells["110000|students_total|current"] != "*"


def test_no_hidden_figure_appears_in_the_report_or_the_workbook(assessment):
    text = assessment.html.read_text(encoding="utf-8")
    book = openpyxl.load_workbook(assessment.workbook)
    values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    for canary in CANARIES:
        assert canary not in text
        assert not any(canary in v for v in values), canary
    assert f"unit-{XPCC}" in text


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, assessment):
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
    workbook = openpyxl.load_workbook(assessment.workbook)
    assert not [c.coordinate for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_without_the_annual_reach_view_its_figures_read_not_available(tmp_path):
    fixture = write_fixture(tmp_path / "published", with_reach=False)
    assessment = write_assessment(PublicFigures.load(fixture.analytics), tmp_path, YEAR)
    text = assessment.html.read_text(encoding="utf-8")
    assert "public.annual_reach" in text
    cells = dict(re.findall(r'<td data-cell="([^"]+)"[^>]*>([^<]*)</td>', text))
    assert cells["110000|universities|current"] == "—"
    assert cells["all|girls_share|current"] not in ("—", "*")  # national: from metric_values


def test_report_command_writes_both_files_and_refuses_an_unknown_year(fixture, capsys):
    paths = Paths(input_dir=str(fixture.output / "input"), output_dir=str(fixture.output))
    assert report_command(paths, 2020) == 0
    assert "assessment_2020.xlsx" in capsys.readouterr().out
    assert all(p.exists() for p in report_paths(fixture.output, 2020))
    with pytest.raises(UserError, match="no cohort 1999"):
        report_command(paths, 1999)
    with pytest.raises(UserError, match="no published analytics database"):
        report_command(Paths(input_dir="x", output_dir=str(fixture.output / "nothing")), 2020)


def test_the_report_opens_offline_and_prints(assessment):
    if chromium_executable() is None:
        pytest.fail("no Chromium: run scripts/install-system-packages.sh")
    with Chromium() as browser:
        page = browser.open(assessment.html)
        page.screenshot(ARTIFACTS / f"fixture-assessment_{YEAR}.png")
        pdf = page.print_pdf()
        page.settle(0.3)
        assert page.log.console_errors == []
        assert page.log.outside_requests() == []
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 10


# --- the pipeline's own assessment -----------------------------------------------------

def test_the_pipeline_run_writes_an_assessment_per_cohort_year_equal_to_its_public_figures(demo_run):
    output = demo_run.paths.output
    if not (output / "analytics.duckdb").exists():
        pytest.skip("the code location has no publish asset yet (pipelines/definitions.py)")
    figures = PublicFigures.load(output / "analytics.duckdb")
    for year in figures.cohort_years():
        html, workbook = report_paths(output, year)
        assert html.exists() and workbook.exists(), year
    year = figures.cohort_years()[-1]
    sheet = openpyxl.load_workbook(report_paths(output, year)[1])[SCORECARD_SHEET]
    columns = [c[:2] for c in scorecard_columns(year)]
    students = FIRST_MEASURE_COLUMN + 1 + columns.index(("students", "current"))
    completion = FIRST_MEASURE_COLUMN + 1 + columns.index(("completion_rate", "current"))
    for r in range(2, sheet.max_row + 1):
        code = sheet.cell(r, 1).value
        group = ("national", "all") if code == "all" else ("province", code)
        for column, metric in ((students, "cohort_size"), (completion, "completion_rate")):
            cell = figures.cell(metric, year, *group)
            value = sheet.cell(r, column).value
            if cell.shown:
                assert same(value, cell.value), (code, metric)
            else:
                assert value in ("<5", "*", "—"), (code, metric, value)


def test_the_requested_annual_reach_query_agrees_with_the_cohort_sizes(demo_run):
    """dashboards/reports/requested/annual_reach.sql (the view the assessment asks of the
    publish step) runs on the demo warehouse; its students are the cohort sizes, and the
    units add up to the nation for the counts of persons."""
    import duckdb

    from pipelines.contract.reference_values import MENTOR_TITLES

    query = (Path(__file__).parents[1] / "dashboards" / "reports" / "requested" / "annual_reach.sql").read_text(encoding="utf-8")
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{demo_run.paths.warehouse}' AS warehouse (READ_ONLY)")
        con.execute("CREATE SCHEMA core; CREATE SCHEMA marts")
        for table in ("persons", "survey_responses", "provinces"):
            con.execute(f"CREATE VIEW core.{table} AS FROM warehouse.core.{table}")
        con.execute(query, {"mentor_titles": list(MENTOR_TITLES)})
        mismatched = con.execute("""
            SELECT r.year FROM marts.annual_reach AS r
            JOIN (SELECT cohort_year, count(*) AS n FROM core.persons GROUP BY ALL) AS p ON p.cohort_year = r.year
            WHERE r.measure = 'students' AND r.group_type = 'national' AND r.count <> p.n
        """).fetchall()
        not_adding_up = con.execute("""
            SELECT year, measure FROM marts.annual_reach
            WHERE measure IN ('students', 'girls', 'alumni', 'alumni_responded')
            GROUP BY ALL
            HAVING sum(count) FILTER (group_type = 'national') <> sum(count) FILTER (group_type = 'province')
        """).fetchall()
        units = con.execute("SELECT count(DISTINCT group_value) FROM marts.annual_reach WHERE group_type = 'province'").fetchone()
    finally:
        con.close()
    assert mismatched == [] and not_adding_up == [] and units == (32,)
