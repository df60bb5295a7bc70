"""Which source a delivered file belongs to, from a keyword in its file name."""

from __future__ import annotations

import re
import unicodedata

# Yearly sources in the order the pipeline processes them: cohort first, because the
# other sources are checked against cohort membership.
YEARLY_SOURCES: dict[str, tuple[str, ...]] = {
    "cohort": ("cohort", "学员名单"),
    "applicants": ("applicants", "申请"),
    "training": ("training", "培养记录"),
    "assessment": ("assessment", "考核"),
    "followup": ("followup", "跟踪调查"),
}

REFERENCE_FILES: dict[str, str] = {
    "universities": "universities.csv",
    "mentors": "mentors.csv",
    "topnotch_bases": "topnotch_bases.csv",
}
REFERENCE_DIR = "reference"

READABLE_SUFFIXES = (".csv", ".xlsx", ".xls")

YEAR_FOLDER = re.compile(r"^\d{4}$")


def source_of_file_name(file_name: str) -> str | None:
    """The yearly source whose keyword the file name holds, or None when no keyword or
    more than one source matches (the contract says such a file is not guessed at)."""
    name = unicodedata.normalize("NFKC", file_name).casefold()
    matches = {
        source
        for source, keywords in YEARLY_SOURCES.items()
        if any(keyword.casefold() in name for keyword in keywords)
    }
    return matches.pop() if len(matches) == 1 else None
