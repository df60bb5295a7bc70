"""Which source a delivered file belongs to, from a keyword in its file name."""

from __future__ import annotations

import re
import unicodedata

from pipelines.registry import sources as registry

# Views of the registry (pipelines.registry.sources), in its order: cohort first, because
# the other sources are checked against cohort membership.
YEARLY_SOURCES: dict[str, tuple[str, ...]] = {s.name: s.keywords for s in registry.DELIVERY_SOURCES}
REFERENCE_FILES: dict[str, str] = {r.name: r.file_name for r in registry.REFERENCE_FILES}
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
