"""The unit packs (单位反馈报告, issue 13): one per reporting unit for the last delivery year,
written by the pipeline run; the unit's own figures as computed beside the nation's and the
other units' published figures; no name or ID number anywhere; one pack printed by
Chromium to at most 8 A4 pages, one workbook through LibreOffice; `yingcai report --year Y
--unit CODE` rewrites one pack. Read from the session's demo run (tests/conftest.py,
cohorts 2013–2017, about 60 students a year: most units have a handful of students, some
none in a year)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pytest
from browser import Chromium, chromium_executable
from python_calamine import CalamineWorkbook
from test_report import TECHNICAL_NAMES
from office import assert_same_cells, resaved_by_libreoffice

from dashboards.cells import ABOVE, RATE, Cell
from dashboards.labels import Text
from dashboards.public import PublicFigures, analytics_path
from dashboards.reports.build import NoSuchCohort
from dashboards.reports.units.build import NoSuchUnit, pack_paths, units_directory, write_unit_packs
from dashboards.reports.units.deliveries import REDELIVERIES, UNIT_FILES, WARNINGS, read_deliveries
from dashboards.reports.units.figures import Compared, UnitEditions
from dashboards.reports.units.html import PLOTLY_FILE, compared_rows
from dashboards.reports.units.workbook import PATH_SHEET, SHEETS, UNITS_SHEET
from pipelines.cli import unit_pack_command
from pipelines.contract.provinces import PROVINCE_CODES, PROVINCES
from pipelines.paths import Paths
from pipelines.preflight import UserError
from pipelines.registry.editions import UNIT_FEEDBACK

ARTIFACTS = Path(__file__).parent / "artifacts"
MAX_PAGES = 8
GUANGDONG = "440000"
# An 18-character ID number: not part of a longer number or of a decimal (0.0460255692…).
ID_NUMBER = re.compile(r"(?<![\d.])\d{17}[\dXx](?![\d])")
PERSON_SOURCES = ("applicants", "cohort", "followup", "assessment", "training")


@pytest.fixture(scope="module")
def output(demo_run) -> Path:
    return demo_run.paths.output


@pytest.fixture(scope="module")
def year(output) -> int:
    return PublicFigures.load(analytics_path(output)).cohort_years()[-1]


def pack_texts(path: Path) -> str:
    """All the text of a pack: the HTML, or every XML part of the workbook."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))


def sheet_rows(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def students(output: Path, schema: str, year: int) -> dict[str, dict]:
    """cohort_size of `year` per unit, read with SQL."""
    with duckdb.connect(str(analytics_path(output)), read_only=True) as con:
        columns = "value" + (", value_display" if schema == "public" else "")
        rows = con.execute(f"SELECT group_value, {columns} FROM {schema}.metric_values WHERE metric = 'cohort_size' "
                           "AND group_type = 'province' AND cohort_year = ?", [year]).fetchall()
    return {r[0]: dict(zip(("value", "display"), r[1:], strict=False)) for r in rows}


# --- what the run writes ----------------------------------------------------------------

def test_the_run_writes_a_pack_for_every_unit_of_the_last_year_and_one_plotly(output, year):
    directory = units_directory(output)
    assert sorted(p.name for p in directory.iterdir()) == [str(year), PLOTLY_FILE]
    for unit in PROVINCES:
        html, workbook = pack_paths(output, year, unit.code)
        assert html.name == f"{unit.code}_{unit.short_name}.html" and html.exists(), unit
        assert workbook.exists(), unit
        # plotly.js (3.5 MB) is shared, not in each pack
        assert html.stat().st_size < 400_000, html
    assert (directory / PLOTLY_FILE).stat().st_size > 3_000_000
    assert len(list((directory / str(year)).iterdir())) == 2 * len(PROVINCES)
    assert "restricted" not in directory.parts


def test_a_unit_without_students_that_year_still_gets_its_pack_saying_so(output, year):
    computed = students(output, "marts", year)
    empty = [code for code in PROVINCE_CODES if not (computed.get(code) or {}).get("value")]
    assert empty, "the demo run has a unit without students in its last year"
    html = pack_paths(output, year, empty[0])[0].read_text(encoding="utf-8")
    assert f"{year} 年本单位没有入选学生" in html
    assert "无相应学生" in html  # the figures of cohort Y read — with the reason


def test_unit_editions_read_once_equal_the_readers_unit_feedback_edition(output):
    analytics = analytics_path(output)
    editions = UnitEditions.load(analytics)
    for unit in (GUANGDONG, "540000", "660000"):
        ours, reader = editions.of(unit), PublicFigures.load(analytics, UNIT_FEEDBACK, unit=unit)
        assert ours.rows == reader.rows and ours.reach == reader.reach, unit
        assert (ours.edition, ours.unit, ours.k, ours.small_label) == (UNIT_FEEDBACK, unit, reader.k, reader.small_label)


def test_the_units_own_figures_are_as_computed_and_the_others_as_published(output, year):
    """单位比较: the unit's row equals marts (a small cohort shown as its number), every other
    unit's row equals public (a small cohort reads <5, never its number)."""
    computed, published = students(output, "marts", year), students(output, "public", year)
    small = [c for c in PROVINCE_CODES if published.get(c, {}).get("display") == "<5" and computed[c]["value"]]
    assert small, "the demo run has a unit whose cohort is published as <5"
    unit = small[0]
    html, workbook = pack_paths(output, year, unit)
    rows = sheet_rows(workbook, UNITS_SHEET)
    header = rows[2]
    column = header.index("入选学生")
    by_code = {r[0]: r[column] for r in rows[3:]}
    assert by_code[unit] == computed[unit]["value"]
    checked = 0
    for code in PROVINCE_CODES:
        if code == unit:
            continue
        row = published.get(code)
        if row is None:
            assert str(by_code[code]).startswith("—"), code
        elif row["value"] is not None:
            assert by_code[code] == row["value"], code
        else:
            assert by_code[code] == row["display"], code
            checked += 1
    assert checked, "some other unit's cohort is hidden in the published edition"
    own_cell = re.search(rf'data-cell="{unit}\|path\|students\|own"[^>]*>([^<]*)<', html.read_text(encoding="utf-8"))
    assert own_cell and own_cell[1] == f"{int(computed[unit]['value']):,}"
    path = sheet_rows(workbook, PATH_SHEET)
    assert next(r for r in path if r[0] == "入选学生")[1] == computed[unit]["value"]


def test_every_pack_is_marked_for_the_unit_only_and_names_no_table(output, year):
    for unit in PROVINCES:
        html, workbook = pack_paths(output, year, unit.code)
        text = html.read_text(encoding="utf-8")
        assert f"单位反馈 · 仅供{unit.name}使用 · 不得公开" in text
        assert "@top-center" in text  # on every printed page
        book = CalamineWorkbook.from_path(str(workbook))
        assert book.sheet_names == list(SHEETS)
        for name in SHEETS:
            assert str(book.get_sheet_by_name(name).to_python()[0][0]).startswith(f"单位反馈 · 仅供{unit.name}使用")
        for word in TECHNICAL_NAMES:
            assert word not in text, (unit.code, word)
    with zipfile.ZipFile(pack_paths(output, year, GUANGDONG)[1]) as book:
        sheet = book.read("xl/worksheets/sheet2.xml").decode()
    # frozen header, A4 landscape fitted to the width, the marking in the printed header
    assert "<pane " in sheet and 'orientation="landscape"' in sheet and 'fitToPage="1"' in sheet
    assert 'paperSize="9"' in sheet and re.search(r"<oddHeader>[^<]*单位反馈", sheet)


def test_no_id_number_or_name_in_any_pack(demo_run, output, year):
    """Every pack of every year written, HTML and workbook XML, scanned for each national
    ID and each name of the delivery (students, applicants, mentors: the run's own raw
    tables hold them as delivered) and for anything shaped like an 18-character ID."""
    with duckdb.connect(str(demo_run.paths.warehouse), read_only=True) as con:
        ids = {i for t in PERSON_SOURCES for (i,) in con.execute(
            f"SELECT DISTINCT national_id FROM raw.{t} WHERE length(national_id) >= 10").fetchall()}
        names = {n for t in ("applicants", "cohort", "followup", "mentors") for (n,) in con.execute(
            f"SELECT DISTINCT name FROM raw.{t} WHERE length(trim(name)) >= 2").fetchall()}
    assert len(ids) > 100 and len(names) > 100
    packs = sorted(p for p in units_directory(output).rglob("*") if p.suffix in (".html", ".xlsx"))
    assert len(packs) >= 2 * len(PROVINCES)
    for pack in packs:
        text = pack_texts(pack)
        assert not ID_NUMBER.findall(text), pack
        assert not [i for i in ids if i in text], pack
        assert not [n for n in names if n.strip() in text], pack


# --- comparisons ----------------------------------------------------------------------

def test_a_mark_against_the_nation_only_where_the_interval_lies_wholly_beyond_it():
    national = Cell(0.30, "shown", 0.28, 0.32)
    overlapping = Compared("completion_rate", Text("结业率", "Completion"), RATE, True,
                           own=Cell(0.45, "shown", 0.25, 0.62), national=national)
    beyond = replace(overlapping, own=Cell(0.45, "shown", 0.35, 0.55))
    assert overlapping.against_national == 0 and beyond.against_national == ABOVE
    assert "▲" not in compared_rows([overlapping], GUANGDONG, "path")
    assert "▲ 高于全国" in compared_rows([beyond], GUANGDONG, "path")


# --- the quality of the unit's deliveries -------------------------------------------------

def test_absent_delivery_tables_read_as_empty_and_the_pack_says_not_available(output, year, tmp_path):
    analytics = tmp_path / "analytics.duckdb"
    shutil.copy(analytics_path(output), analytics)
    with duckdb.connect(str(analytics)) as con:
        for table in (UNIT_FILES, REDELIVERIES):
            con.execute(f"DROP TABLE IF EXISTS public.{table}")
        con.execute("CREATE OR REPLACE TABLE public.delivery_warnings AS "
                    "SELECT 2017 AS year, 'training' AS source, 'unknown_mentor' AS reason, 3 AS rows")
    deliveries = read_deliveries(analytics)
    assert {UNIT_FILES, REDELIVERIES, WARNINGS}.isdisjoint(deliveries.present)
    assert deliveries.of(GUANGDONG, year).files.is_empty()
    (pack,) = write_unit_packs(tmp_path, year, [GUANGDONG])
    text = pack.html.read_text(encoding="utf-8")
    assert "按单位的文件统计尚未提供" in text and "提示尚未按单位统计" in text and "重新交付的对比尚未提供" in text


def test_the_pack_shows_the_units_files_rejections_warnings_and_redeliveries(output, year, tmp_path):
    """With the tables of INTERFACES13 (hand-made rows for 广东 and one row of another
    unit), the pack shows the unit's files, rows, reasons and what its re-delivery
    resolved, and nothing of the other unit."""
    analytics = tmp_path / "analytics.duckdb"
    shutil.copy(analytics_path(output), analytics)
    with duckdb.connect(str(analytics)) as con:
        con.execute(f"""CREATE OR REPLACE TABLE public.delivery_unit_files AS SELECT * FROM (VALUES
            ({year}, '{GUANGDONG}', '{year}/学员名单_{year}.xlsx', 'cohort', 'loaded', NULL, 1, 40, 37, 3, 2),
            ({year}, '{GUANGDONG}', '{year}/培养记录_{year}.csv', 'training', 'loaded', NULL, 2, 500, 480, 20, 9),
            ({year}, '{GUANGDONG}', '{year}/考核_广东_{year}.xlsx', 'assessment', 'rejected', 'unreadable', 1, 0, 0, 0, 0),
            ({year}, '110000', '{year}/培养记录_{year}.csv', 'training', 'loaded', NULL, 2, 777, 700, 77, 0))
            t(year, province_code, file_path, source, status, reason, version, rows_read, rows_loaded,
              rows_rejected, rows_warned)""")
        con.execute(f"""CREATE OR REPLACE TABLE public.delivery_warnings AS SELECT * FROM (VALUES
            ({year}, 'training', 'unknown_mentor', '{GUANGDONG}', 9),
            ({year}, 'cohort', 'gender_mismatch', '{GUANGDONG}', 2),
            ({year}, 'training', 'unknown_mentor', '110000', 55)) t(year, source, reason, province_code, rows)""")
        con.execute(f"""CREATE OR REPLACE TABLE public.delivery_redeliveries AS SELECT * FROM (VALUES
            ({year}, '{GUANGDONG}', '{year}/培养记录_{year}.csv', 'training', 2, 1, 'out_of_range', 11, 2, 0),
            ({year}, '{GUANGDONG}', '{year}/培养记录_{year}.csv', 'training', 2, 1, 'missing_value', 4, 0, 1),
            ({year}, '110000', '{year}/培养记录_{year}.csv', 'training', 2, 1, 'out_of_range', 66, 0, 0))
            t(year, province_code, file_path, source, version, previous_version, reason, resolved, still_open, new)""")
        rejected = dict(con.execute("SELECT reason, sum(rows) FROM public.delivery_rejected_rows "
                                    "WHERE year = ? AND province_code = ? GROUP BY reason", [year, GUANGDONG]).fetchall())
    (pack,) = write_unit_packs(tmp_path, year, [GUANGDONG])
    text = pack.html.read_text(encoding="utf-8")
    totals = re.search(r'data-totals="([^"]*)"', text)[1].replace("&quot;", '"')
    assert '"files": 3' in totals and '"files_rejected": 1' in totals and '"rows_read": 540' in totals
    assert '"rows_rejected": 23' in totals and '"rows_warned": 11' in totals
    assert "第 2 版（重新交付）" in text and "整份退回（文件无法读取" in text
    redelivered = re.search(r'<table class="data compact" id="redeliveries">.*?</table>', text, re.S)[0]
    assert re.search(r'data-reason="out_of_range">.*?<td>11</td><td>2</td><td>0</td>', redelivered)
    assert re.search(r'data-reason="missing_value">.*?<td>4</td><td>0</td><td>1</td>', redelivered)
    assert "66" not in redelivered and "777" not in text
    warnings = re.search(r'id="warnings">.*?</table>', text, re.S)[0]
    assert re.search(r'data-reason="unknown_mentor">.*?<td>9</td>', warnings) and "55" not in warnings
    for reason, rows in rejected.items():
        assert re.search(rf'id="rejected">.*?data-reason="{reason}">.*?<td>{rows}</td>', text, re.S), reason
    quality = sheet_rows(pack.workbook, "交付质量")
    assert ["合计", "文件 3 个（整份退回 1 个）", "", "", 540.0, 517.0, 23.0, 11.0] == quality[3][:8]
    assert any(r[:7] == [f"{year}/培养记录_{year}.csv", "数值或日期超出允许范围（out_of_range）", 2.0, 1.0, 11.0, 2.0, 0.0]
               or (r[0] == f"{year}/培养记录_{year}.csv" and r[1].endswith("（out_of_range）") and r[4:7] == [11.0, 2.0, 0.0])
               for r in quality)


# --- a reader's tools -----------------------------------------------------------------

def test_a_pack_opens_offline_and_prints_to_at_most_eight_a4_pages_in_chromium(output, year, tmp_path):
    """The pack with the most content (the largest) in real Chromium: no console error, no
    request but its own file and the shared plotly.js, every chart drawn; printed by
    Chromium's own --print-to-pdf to at most 8 pages."""
    chromium = chromium_executable()
    if chromium is None:
        pytest.fail("no Chromium: run scripts/install-system-packages.sh")
    largest = max((pack_paths(output, year, code)[0] for code in PROVINCE_CODES), key=lambda p: p.stat().st_size)
    plotly = units_directory(output) / PLOTLY_FILE
    with Chromium(width=1280, height=1600) as browser:
        page = browser.open(largest, allowed=(plotly,))
        drawn = page.evaluate("document.querySelectorAll('.plot .main-svg').length > 0 && "
                              "[...document.querySelectorAll('.plot')].every(p => p.querySelector('.main-svg'))")
        page.screenshot(ARTIFACTS / f"unit-pack-{largest.stem}.png")
        page.settle(0.3)
        log = page.log
    assert log.console_errors == [] and log.outside_requests() == [] and log.blocked == []
    assert drawn
    assert any(u.endswith(PLOTLY_FILE) for u in log.requests)
    pdf = tmp_path / "pack.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--virtual-time-budget=8000", f"--user-data-dir={tmp_path / 'profile'}",
                    f"--print-to-pdf={pdf}", largest.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    shutil.copy(pdf, ARTIFACTS / f"unit-pack-{largest.stem}.pdf")
    assert data.startswith(b"%PDF") and 1 <= pages <= MAX_PAGES, pages


def test_libreoffice_opens_a_pack_workbook_with_every_figure(output, year, tmp_path):
    workbook = pack_paths(output, year, GUANGDONG)[1]
    (resaved,) = resaved_by_libreoffice([workbook], tmp_path)
    numbers = assert_same_cells(workbook, resaved, list(SHEETS), "单位反馈")
    again = CalamineWorkbook.from_path(str(resaved))
    assert numbers > 100
    computed = students(output, "marts", year)[GUANGDONG]["value"]
    path = again.get_sheet_by_name(PATH_SHEET).to_python()
    assert next(r for r in path if r[0] == "入选学生")[1] == computed


def test_report_command_rewrites_one_pack_of_any_year(demo_run, output, capsys):
    paths = Paths(input_dir=str(demo_run.paths.input), output_dir=str(output))
    earlier = PublicFigures.load(analytics_path(output)).cohort_years()[0]
    html, workbook = pack_paths(output, earlier, "660000")
    assert not html.exists()
    assert unit_pack_command(paths, earlier, "660000") == 0
    assert html.exists() and workbook.exists()
    assert sorted(p.name for p in html.parent.iterdir()) == [html.name, workbook.name]
    assert "660000_兵团.html" in capsys.readouterr().out
    before = html.stat().st_mtime_ns
    assert unit_pack_command(paths, earlier, "660000") == 0
    assert html.stat().st_mtime_ns >= before
    with pytest.raises(UserError, match="not a reporting unit"):
        unit_pack_command(paths, earlier, "999999")
    with pytest.raises(UserError, match="no cohort 1999"):
        unit_pack_command(paths, 1999, "660000")
    with pytest.raises(UserError, match="no published analytics database"):
        unit_pack_command(Paths(input_dir="x", output_dir=str(output / "nothing")), earlier, "660000")
    assert issubclass(NoSuchUnit, ValueError) and issubclass(NoSuchCohort, ValueError)
