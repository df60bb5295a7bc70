"""Every page renders in Chromium and every workbook survives a real office suite."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import Chromium, chromium_executable
from sweep_outputs import ARTIFACTS, OUTPUT, allowed_files, pages, unit_packs, workbooks
from python_calamine import CalamineWorkbook

CONVERT_BATCH = 200  # files per soffice process: one start-up (~1 s) serves many


def test_the_run_made_pages_and_workbooks():
    assert pages(), f"no pages under {OUTPUT}: run `make run` first"
    assert workbooks(), f"no workbooks under {OUTPUT}: run `make run` first"


@pytest.fixture(scope="session")
def browser():
    if chromium_executable() is None:
        pytest.fail("no Chromium: run scripts/install-system-packages.sh")
    with Chromium() as chromium:
        yield chromium


def test_page_renders_offline_without_errors(browser, page: Path):
    opened = browser.open(page, allowed=allowed_files(page))
    opened.settle(0.3)
    text = opened.evaluate("document.body.innerText")
    shot = ARTIFACTS / "pages" / page.relative_to(OUTPUT).with_suffix(".png")
    opened.screenshot(shot)
    log = opened.log
    opened.close()
    assert log.console_errors == []
    assert log.outside_requests() == []
    assert len(text.strip()) > 200, "the page shows (almost) no text"


def test_the_run_made_a_unit_pack_for_each_of_the_32_units():
    """reports/units/<Y>/: the last delivery year's 32 packs, HTML and workbook (pages()
    and workbooks() open each of them above)."""
    packs = unit_packs()
    years = {p.parent.name for p in packs}
    last = max(years, default=None)
    assert last is not None, f"no unit packs under {OUTPUT}: run `make run` first"
    assert len([p for p in packs if p.parent.name == last]) == 32
    assert all(p.with_suffix(".xlsx").exists() for p in packs)


@pytest.fixture(scope="session")
def converted() -> dict[Path, Path]:
    """Every workbook opened and saved again as XLSX by LibreOffice headless (reading
    every sheet: its CSV export would read only the first)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("no LibreOffice: run scripts/install-system-packages.sh")
    target = ARTIFACTS / "libreoffice"
    shutil.rmtree(target, ignore_errors=True)
    result: dict[Path, Path] = {}
    found = workbooks()
    # Files of one name in different folders would overwrite each other in one outdir.
    for index, start in enumerate(range(0, len(found), CONVERT_BATCH)):
        batch = found[start:start + CONVERT_BATCH]
        by_name: dict[str, list[Path]] = {}
        for path in batch:
            by_name.setdefault(path.name, []).append(path)
        rounds = max(len(paths) for paths in by_name.values())
        for round_ in range(rounds):
            files = [paths[round_] for paths in by_name.values() if len(paths) > round_]
            outdir = target / f"{index}-{round_}"
            subprocess.run(
                [soffice, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir",
                 str(outdir), *map(str, files)],
                check=True, capture_output=True, timeout=600,
            )
            result.update({path: outdir / path.name for path in files})
    return result


def _sheets(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: _trimmed(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names}


def _trimmed(rows: list[list]) -> list[list]:
    """Rows without trailing empty cells and trailing empty rows (an office suite may
    save a used range a cell larger or smaller)."""
    cleaned = []
    for row in rows:
        row = list(row)
        while row and row[-1] in ("", None):
            row.pop()
        cleaned.append(row)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return cleaned


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return a == b


def test_workbook_opens_in_libreoffice_with_every_figure(converted, workbook: Path):
    again = converted[workbook]
    assert again.is_file(), f"LibreOffice did not convert {workbook}"
    original, reopened = _sheets(workbook), _sheets(again)
    assert list(reopened) == list(original)
    for name, rows in original.items():
        assert len(reopened[name]) == len(rows), name
        for number, (row, row_again) in enumerate(zip(rows, reopened[name], strict=True), 1):
            assert len(row_again) == len(row) and all(map(_same, row, row_again)), (
                f"sheet {name} row {number}: {row} became {row_again}"
            )


def test_internal_assessments_are_marked_and_published_ones_are_not():
    """reports/assessment_<Y>.* is the internal edition (内部资料 on the page and every
    sheet); reports/public/ holds the published one, never marked internal."""
    reports = OUTPUT / "reports"
    internal = sorted(reports.glob("assessment_*.*"))
    published = sorted((reports / "public").glob("assessment_*.*"))
    assert internal and published
    assert {p.name for p in internal} == {p.name for p in published}
    for path, marked in [*((p, True) for p in internal), *((p, False) for p in published)]:
        if path.suffix == ".html":
            assert ("内部资料" in path.read_text(encoding="utf-8")) == marked, path
        else:
            book = CalamineWorkbook.from_path(str(path))
            firsts = [str(book.get_sheet_by_name(n).to_python()[0][0]) for n in book.sheet_names]
            assert all(f.startswith("内部资料") == marked for f in firsts), path
