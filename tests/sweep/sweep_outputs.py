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



# The unit packs load one shared plotly.js beside their year folders (reports/units/).
UNIT_PACKS = Path("reports") / "units"
SHARED_PLOTLY = UNIT_PACKS / "plotly.min.js"


def allowed_files(page: Path, output: Path = OUTPUT) -> tuple[Path, ...]:
    """Local files `page` may load besides itself: a unit pack, the shared plotly.js."""
    if page.is_relative_to(output / UNIT_PACKS):
        return (output / SHARED_PLOTLY,)
    return ()


def unit_packs(output: Path = OUTPUT) -> list[Path]:
    """Every unit pack's HTML (reports/units/<Y>/<code>_<short name>.html)."""
    return sorted(output.glob(f"{UNIT_PACKS}/*/*.html"))
