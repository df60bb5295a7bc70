"""The reference data the project ships in data/reference/ (tracked in git)."""

from pathlib import Path

SHIPPED_REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
PROVINCES_CSV = SHIPPED_REFERENCE_DIR / "provinces.csv"
MAJOR_CATEGORIES_CSV = SHIPPED_REFERENCE_DIR / "major_categories.csv"
