"""How a value or a header is written in a delivered file: every spelling the contract
accepts (header aliases, English names, width, case and spaces; gender, grade,
discipline, yes/no and province spellings; ID numbers with spaces, full-width
digits or a lower-case x; dates in every listed form; numbers as text), chosen per file
and cell.

University names are free text to the pipeline (`川大` and `四川大学` are different
text), so their spelling is chosen with the data (`reference.university_spellings`), not
here: a duplicated row must repeat it.

The accepted spellings themselves are imported, not restated: headers from
`pipelines.contract.columns`, provinces from `pipelines.contract.provinces`, coded values
from `pipelines.cleaning.spellings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from pipelines.cleaning.spellings import DISCIPLINE, GENDER, GRADE, YES_NO
from pipelines.contract.columns import SOURCE_COLUMNS, header_key, header_lookup
from pipelines.contract.provinces import PROVINCES

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 onwards: serial n is this date + n days


def full_width(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (Ｍ, ３, （)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c
                   for c in text)


def header_spellings(source: str, column: str) -> tuple[str, ...]:
    """Every way a file may head `column`: canonical, aliases, English name, and forms
    differing in width, case and surrounding spaces. Each is checked to match the column
    under the contract's header comparison."""
    spec = next(c for c in SOURCE_COLUMNS[source] if c.name == column)
    forms = [spec.canonical, *spec.aliases, spec.name, spec.name.upper(), spec.name.title(),
             full_width(spec.name), f" {spec.canonical} ", f"\u3000{spec.canonical}"]
    forms += [full_width(a) for a in spec.aliases if full_width(a) != a]
    lookup = header_lookup(source)
    for form in forms:
        if lookup.get(header_key(form)) != column:
            raise ValueError(f"header spelling {form!r} does not name {source}.{column}")
    return tuple(dict.fromkeys(forms))


def _by_value(table: Mapping[str, object], canonical: Mapping[object, str]) -> dict[str, tuple[str, ...]]:
    """Canonical text → its spellings, in the contract's order."""
    spellings: dict[str, list[str]] = {}
    for spelling, value in table.items():
        spellings.setdefault(canonical[value], []).append(spelling)
    return {k: tuple(v) for k, v in spellings.items()}


_CODED = {
    "gender": _by_value(GENDER, {"男": "男", "女": "女"}),
    "grade": _by_value(GRADE, {"高一": "高一", "高二": "高二"}),
    "discipline": _by_value(DISCIPLINE, {d: d for d in set(DISCIPLINE.values())}),
    "yes_no": _by_value(YES_NO, {True: "是", False: "否"}),
    "province": {p.name: (p.name, p.short_name, p.pinyin, p.code, *p.aliases) for p in PROVINCES},
}

# The kind of value each contract column holds, for choosing its spellings.
COLUMN_KINDS: dict[str, str] = {
    "national_id": "national_id",
    "gender": "gender", "grade": "grade", "discipline": "discipline",
    "selected": "yes_no", "topnotch": "yes_no",
    "province": "province",
    "birth_date": "date", "activity_date": "date", "assessment_date": "date",
    "selection_score": "number", "hours": "number",
    "cohort_year": "year", "survey_year": "year", "topnotch_year": "year", "entry_year": "year",
}

_FORMS = {
    "national_id": ("plain", "spaces_around", "spaces_inside", "full_width", "lower_x"),
    "date": ("iso", "slash", "dot", "chinese", "compact"),
    "number": ("plain", "decimal", "full_width"),
    "year": ("plain", "full_width"),
}
# Forms only a workbook can hold: a real date cell, a serial number typed as text, a number cell.
_EXCEL_FORMS = {"date": ("excel_date", "excel_serial"), "number": ("cell",), "year": ("cell",)}

Cell = str | int | float | dt.date | None


def forms(kind: str, excel: bool) -> tuple[str, ...]:
    """The written forms of a non-coded kind in a CSV or a workbook."""
    return _FORMS[kind] + (_EXCEL_FORMS.get(kind, ()) if excel else ())


class ColumnStyle:
    """The habits of one file for one column: a usual spelling, with a share of cells
    written otherwise (people copy from other sheets)."""

    def __init__(self, rng: np.random.Generator, kind: str | None, excel: bool) -> None:
        self.usual, self.other_share = 0, 0.0
        if kind == "national_id":
            self.other_share = 0.08  # most ID numbers arrive clean
        elif kind == "number":  # a number cell in a workbook, plain digits in a CSV
            self.usual, self.other_share = forms(kind, excel).index("cell") if excel else 0, 0.2
        elif kind == "date" and excel and rng.random() < 0.5:
            self.usual, self.other_share = forms(kind, excel).index("excel_date"), 0.2
        elif kind in _FORMS:
            self.usual, self.other_share = int(rng.integers(0, len(forms(kind, excel)))), 0.2
        elif kind in _CODED:
            self.usual, self.other_share = int(rng.integers(0, 4)), 0.2

    def draws(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """The spelling index of each of n cells."""
        other = rng.random(n) < self.other_share
        return np.where(other, rng.integers(0, 1000, n), self.usual)


def render(kind: str | None, value: str | None, draw: int, excel: bool) -> Cell:
    """`value` (canonical text) written in spelling number `draw` of its kind."""
    if value is None or kind is None:
        return value
    if kind in _CODED:
        spellings = _CODED[kind].get(value)
        return value if spellings is None else spellings[draw % len(spellings)]
    form = forms(kind, excel)[draw % len(forms(kind, excel))]
    if kind == "national_id":
        return _national_id(value, form)
    if kind == "date":
        return _date(dt.date.fromisoformat(value), form)
    return _number(value, form)


def _national_id(value: str, form: str) -> str:
    if form == "spaces_around":
        return f" {value} "
    if form == "spaces_inside":
        return f"{value[:6]} {value[6:14]} {value[14:]}"
    if form == "full_width":
        return full_width(value)
    if form == "lower_x":
        return value.lower()
    return value


def _date(day: dt.date, form: str) -> Cell:
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if form == "dot":
        return f"{day.year}.{day.month}.{day.day}"
    if form == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if form == "compact":
        return f"{day:%Y%m%d}"
    if form == "excel_date":
        return day
    if form == "excel_serial":
        return str((day - EXCEL_EPOCH).days)
    return day.isoformat()


def _number(value: str, form: str) -> Cell:
    number = float(value)
    if form == "cell":
        return int(number) if number.is_integer() else number
    if form == "decimal":
        return f"{value}.0" if "." not in value else value
    if form == "full_width":
        return full_width(value)
    return value
