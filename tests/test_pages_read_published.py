"""Pages and published reports read only what is published: built in a folder that holds
nothing but the demo run's analytics.duckdb — no warehouse.duckdb, no restricted folder —
every page and the year's assessment are written all the same, and no warehouse file
appears (a page that opened the warehouse would fail, or create an empty one). The
data-quality page's figures are the published delivery-quality tables, which agree with
the warehouse's audit and quarantine, and every count of files on it counts the same
files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_OPTIONS

from pipelines.registry.sources import DELIVERY_SOURCES
from warehouse_state import query

from dashboards.build import build_dashboards

YINGCAI = str(Path(sys.executable).with_name("yingcai"))
YEAR = DEMO_OPTIONS.years[-1]
ANALYTICS = "analytics.duckdb"


@pytest.fixture(scope="module")
def published_only(demo_run, tmp_path_factory) -> Path:
    """Every page and the assessment of YEAR, built in a folder holding only a copy of
    the demo run's analytics.duckdb: what a reader outside the office may be given."""
    folder = tmp_path_factory.mktemp("published_only")
    shutil.copy2(demo_run.paths.output / ANALYTICS, folder / ANALYTICS)
    build_dashboards(folder / ANALYTICS, folder)
    done = subprocess.run([YINGCAI, "report", "--year", str(YEAR), "--output", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def published(demo_run, sql: str) -> list[tuple]:
    return query(demo_run.paths.output / ANALYTICS, sql)


def restricted(demo_run, sql: str) -> list[tuple]:
    return query(demo_run.paths.warehouse, sql)


def test_every_page_and_the_assessment_are_built_without_the_warehouse(demo_run, published_only):
    run_pages = sorted(p.name for p in (demo_run.paths.output / "dashboards").glob("*.html"))
    assert "quality.html" in run_pages
    assert sorted(p.name for p in (published_only / "dashboards").glob("*.html")) == run_pages
    assert (published_only / "reports" / f"assessment_{YEAR}.html").is_file()
    assert [p.name for p in published_only.rglob("*.duckdb*")] == [ANALYTICS]
    assert not (published_only / "restricted").exists()


def test_the_quality_page_from_the_copy_is_the_page_the_run_wrote_but_for_checks_and_time(demo_run, published_only):
    def figures(page: Path) -> list[str]:
        text = page.read_text(encoding="utf-8")
        return re.findall(r'<table class="data" id="(?:files-table|rejected-files)">.*?</table>', text, re.DOTALL)

    copied = figures(published_only / "dashboards" / "quality.html")
    assert len(copied) == 2
    assert copied == figures(demo_run.paths.output / "dashboards" / "quality.html")


# --- the published delivery-quality tables agree with the warehouse ----------------------

def test_delivery_files_count_every_file_the_ingest_logged(demo_run):
    by_year_source = (
        "SELECT year, coalesce(source, '(unknown)'), count(*), count(*) FILTER (status = 'rejected'), "
        "coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0), "
        "coalesce(sum(rows_warned), 0) FROM audit.file_ingest GROUP BY ALL ORDER BY ALL"
    )
    assert published(demo_run, "SELECT * FROM public.delivery_files ORDER BY ALL") == restricted(demo_run, by_year_source)
    (files, rejected), = published(demo_run, "SELECT sum(files), sum(files_rejected) FROM public.delivery_files")
    assert rejected >= 2  # the demo delivery has files rejected whole
    assert files == len(restricted(demo_run, "SELECT file_path FROM audit.file_ingest"))


def test_delivery_rejected_rows_add_up_to_the_quarantine_by_year_source_and_reason(demo_run):
    assert published(demo_run, "SELECT year, source, reason, sum(rows) FROM public.delivery_rejected_rows "
                     "GROUP BY ALL ORDER BY ALL") == \
        restricted(demo_run, "SELECT year, source, reason, count(*) FROM quarantine.rejected_rows GROUP BY ALL ORDER BY ALL")
    units = {code for (code,) in published(demo_run, "SELECT DISTINCT province_code FROM public.delivery_rejected_rows")}
    assert None in units and len(units) > 10


def test_delivery_warnings_and_rejected_files_are_the_audits(demo_run):
    assert published(demo_run, "SELECT * FROM public.delivery_warnings ORDER BY ALL") == \
        restricted(demo_run, "SELECT year, source, reason, province_code, count(*) FROM audit.row_warnings "
                   "LEFT JOIN audit.row_units USING (file_path, row_number) GROUP BY ALL ORDER BY ALL")
    assert published(demo_run, "SELECT * FROM public.delivery_rejected_files ORDER BY ALL") == \
        restricted(demo_run, "SELECT file_path, year, reason, message, message_zh FROM audit.file_ingest "
                   "WHERE status = 'rejected' ORDER BY ALL")
    # Every file-level rejection reaches the province in Chinese as well as in English.
    messages = published(demo_run, "SELECT message, message_zh FROM public.delivery_rejected_files")
    assert messages and all(english and chinese and chinese != english for english, chinese in messages)


def test_the_published_delivery_tables_hold_counts_not_keys(demo_run):
    with duckdb.connect(str(demo_run.paths.output / ANALYTICS), read_only=True) as con:
        columns = {(t, c) for t, c in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'public' "
            "AND table_name LIKE 'delivery_%'").fetchall()}
    assert {t for t, _ in columns} == {
        "delivery_files", "delivery_rejected_rows", "delivery_warnings", "delivery_rejected_files",
        "delivery_unit_files", "delivery_redeliveries"}
    assert not {c for _, c in columns} & {"person_key", "row_number", "raw_values", "national_id", "name"}


# --- one count of files on the quality page --------------------------------------------

def test_every_count_of_files_on_the_quality_page_is_the_files_the_ingest_logged(demo_run):
    (logged,) = restricted(demo_run, "SELECT count(*) FROM audit.file_ingest")[0]
    (rejected,) = restricted(demo_run, "SELECT count(*) FROM audit.file_ingest WHERE status = 'rejected'")[0]
    page = (demo_run.paths.output / "dashboards" / "quality.html").read_text(encoding="utf-8")
    kpi = re.search(r'<div class="kpi">.*?<div class="value">([\d,]+)</div>', page, re.DOTALL).group(1)
    total_line = re.search(r'<tr class="total"[^>]*>(.*?)</tr>', page, re.DOTALL).group(1)
    all_files = re.findall(r"<td>([^<]*)</td>", total_line)[len(DELIVERY_SOURCES) + 1]  # after the sources and "other"
    accounted = re.search(r"all (\d+) files accounted for", page).group(1)
    assert kpi.replace(",", "") == accounted == str(logged)
    assert all_files == f"{logged} [{rejected}]"
