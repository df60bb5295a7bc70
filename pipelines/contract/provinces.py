"""The 32 reporting units (31 provinces, autonomous regions and municipalities, and the
新疆生产建设兵团) from data/reference/provinces.csv, read once at import.

A delivered province cell is matched after `header_key` (trimmed, width-folded, white
space removed, case-folded) against each unit's GB/T 2260 code, full name, short name,
pinyin and aliases, so `广东`, `广东省`, `guang dong`, `Guangdong` and `440000` all give
440000. The 兵团 (660000) is its own unit, distinct from 新疆 (650000).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from pipelines.contract.columns import header_key
from pipelines.contract.shipped import PROVINCES_CSV


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    short_name: str
    pinyin: str
    aliases: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.name, self.short_name, self.pinyin, *self.aliases)


def _read(path: Path) -> tuple[Province, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Province(
                code=row["province_code"].strip(),
                name=row["name"].strip(),
                short_name=row["short_name"].strip(),
                pinyin=row["pinyin"].strip(),
                aliases=tuple(a.strip() for a in (row["aliases"] or "").split(";") if a.strip()),
            )
            for row in csv.DictReader(handle)
        )


def _lookup(units: tuple[Province, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for unit in units:
        for spelling in unit.spellings():
            key = header_key(spelling)
            if table.get(key, unit.code) != unit.code:
                raise ValueError(f"{PROVINCES_CSV}: spelling {spelling!r} names two units")
            table[key] = unit.code
    return table


PROVINCES: tuple[Province, ...] = _read(PROVINCES_CSV)
PROVINCE_CODES: tuple[str, ...] = tuple(unit.code for unit in PROVINCES)
PROVINCE_BY_CODE = MappingProxyType({unit.code: unit for unit in PROVINCES})
# header_key(spelling) → six-digit code
CODE_BY_SPELLING = MappingProxyType(_lookup(PROVINCES))


def province_code(spelling: object) -> str | None:
    """The six-digit code a province cell names, or None when it names no reporting unit."""
    return CODE_BY_SPELLING.get(header_key(spelling))
