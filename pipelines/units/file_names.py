"""The reporting unit a delivered file's name names, e.g. `Assessment_上海.csv` or
`2024年英才计划学员名单（广东）.xls` → 310000 / 440000, matched against every spelling of
pipelines/contract/provinces.py (code, full and short name, pinyin, aliases).

A name naming no unit, or two (`学员名单-华东.csv` names a region; `北京_天津.csv` two
units), gives None. A spelling found inside a longer one of another unit counts for the
longer one only (`新疆` inside `新疆生产建设兵团`); a Latin or numeric spelling must
stand apart from other letters or digits (`henan` is not found in `shenanigans`)."""

from __future__ import annotations

import re
from functools import cache

from pipelines.contract.columns import header_key
from pipelines.contract.provinces import PROVINCES


@cache
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    patterns = []
    for unit in PROVINCES:
        for spelling in unit.spellings():
            key = header_key(spelling)
            if not key:
                continue
            # Latin letters and digits must not run on into more of the same.
            before = r"(?<![a-z])" if key[0].isascii() and key[0].isalpha() else r"(?<!\d)" if key[0].isdigit() else ""
            after = r"(?![a-z])" if key[-1].isascii() and key[-1].isalpha() else r"(?!\d)" if key[-1].isdigit() else ""
            patterns.append((re.compile(before + re.escape(key) + after), unit.code))
    return tuple(patterns)


def unit_named_in(file_path: str) -> str | None:
    """The six-digit code of the one unit the file's name names, else None. The year
    folder is left out (`2019/` is no unit); sub-folders count as part of the name."""
    name = header_key(file_path.split("/", 1)[1] if re.match(r"\d{4}/", file_path) else file_path)
    found = [(m.start(), m.end(), code) for pattern, code in _patterns() for m in pattern.finditer(name)]
    kept = {
        code for start, end, code in found
        if not any(s <= start and end <= e and (e - s) > (end - start) and c != code for s, e, c in found)
    }
    return kept.pop() if len(kept) == 1 else None
