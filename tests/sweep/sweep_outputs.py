"""Where the sweep looks: the output directory of a finished run and what it holds."""

from __future__ import annotations

import os
from pathlib import Path

OUTPUT = Path(os.environ.get("YINGCAI_OUTPUT", "data/output"))
# Screenshots and converted workbooks, kept for a person to look at; outside the run's
# own outputs so that nothing the sweep writes is taken for a product.
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "sweep"


def pages(output: Path = OUTPUT) -> list[Path]:
    """Every HTML page a reader opens: the dashboards and every report."""
    return sorted([*output.glob("dashboards/**/*.html"), *output.glob("reports/**/*.html")])


def workbooks(output: Path = OUTPUT) -> list[Path]:
    """Every workbook the run wrote, restricted ones included (stewards open those)."""
    return sorted(p for p in output.rglob("*.xlsx") if not p.name.startswith("."))

