"""A real office suite in tests: a workbook saved again by LibreOffice headless (what a
reader's office suite makes of it), and the comparison of its cells with the original's.
The sweep over every workbook (tests/sweep) converts in batches of its own."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook


def resaved_by_libreoffice(workbooks: list[Path], work: Path) -> list[Path]:
    """Each workbook converted to XLSX by LibreOffice headless (one process, a profile of
    its own under `work`); the converted files, in the same order. Sources are copied
    under ASCII names first: LibreOffice names its output after its input."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("no LibreOffice: run scripts/install-system-packages.sh")
    sources = []
    for i, workbook in enumerate(workbooks):
        sources.append(work / "in" / f"book{i}.xlsx")
        sources[-1].parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(workbook, sources[-1])
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
                    "--convert-to", "xlsx", "--outdir", str(work / "out"), *map(str, sources)],
                   check=True, capture_output=True, timeout=180)
    return [work / "out" / source.name for source in sources]


def assert_same_cells(original: Path, again: Path, sheets: list[str], marking: str) -> int:
    """Every sheet of `sheets`, in that order, holds the same cells in both files (numbers
    to 1e-9, blank as blank) and starts with `marking`; returns how many numbers agreed."""
    before, after = CalamineWorkbook.from_path(str(original)), CalamineWorkbook.from_path(str(again))
    assert after.sheet_names == before.sheet_names == sheets
    numbers = 0
    for name in sheets:
        rows, rows_again = before.get_sheet_by_name(name).to_python(), after.get_sheet_by_name(name).to_python()
        assert str(rows_again[0][0]).startswith(marking), name
        for row, row_again in zip(rows, rows_again, strict=False):
            for a, b in zip(row, row_again, strict=False):
                if isinstance(a, float):
                    assert b == pytest.approx(a, rel=1e-9), name
                    numbers += 1
                else:
                    assert a == b or (a in ("", None) and b in ("", None)), (name, a, b)
    return numbers
