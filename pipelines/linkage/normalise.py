"""The comparison forms of the fields the linkage compares, the same for roster rows and
candidates: names in simplified characters and in pinyin, surname, school names with
their usual shortenings undone.

Traditional → simplified is OpenCC's table (`opencc-python-reimplemented`, pure Python),
pinyin is `pypinyin`'s; both are imported on first use, and every distinct value is
converted once (a roster year has a few thousand names, the candidates a few hundred
thousand, with many repeats).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import polars as pl

COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "诸葛", "上官", "司徒", "东方", "夏侯", "皇甫",
                               "尉迟", "公孙", "慕容", "长孙", "宇文", "令狐", "端木", "澹台"})
_LATIN = re.compile(r"[A-Za-z]")
_NOT_LETTER = re.compile(r"[^a-z ]+")
_CHINESE_NUMERAL_SCHOOL = re.compile(r"第([一二三四五六七八九十]+)中学$")
_PLACE_SUFFIX = re.compile(r"^(.{2,4}?)[省市]")


@cache
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` in simplified characters."""
    return _converter().convert(text)


def _compact(text: str | None) -> str | None:
    """Width-folded, every white space removed; None for nothing left."""
    if text is None:
        return None
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded or None


def split_name(name: str) -> tuple[str, str]:
    """Surname and given name of a name in characters (compound surnames known)."""
    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    return name[:cut], name[cut:]


@cache
def name_forms(raw: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(name in simplified characters, pinyin key, surname, surname in pinyin).

    The pinyin key is the syllables of surname and given name, each run together, the
    two sorted and joined by a space: 张伟明, 張偉明, `Zhang Weiming`, `ZHANG Weiming` and
    `Weiming Zhang` all give `weiming zhang`. A name written in Latin letters has no
    characters and no surname (which word is the surname cannot be told)."""
    if raw is None:
        return None, None, None, None
    folded = unicodedata.normalize("NFKC", raw).strip()
    if not folded:
        return None, None, None, None
    if _LATIN.search(folded):
        words = _NOT_LETTER.sub(" ", folded.lower()).split()
        return None, (" ".join(sorted(words)) or None), None, None
    from pypinyin import lazy_pinyin

    hanzi = simplified("".join(folded.split()))
    surname, given = split_name(hanzi)
    surname_pinyin = "".join(lazy_pinyin(surname))
    parts = [surname_pinyin, "".join(lazy_pinyin(given))]
    return hanzi, " ".join(sorted(p for p in parts if p)), surname, surname_pinyin


@cache
def school_form(raw: str | None) -> str | None:
    """A school name with its usual variations undone: simplified characters, no spaces,
    附属中学 → 附中, 第一中学 → 一中, 省/市 after a leading place name dropped
    (北京市第四中学 and 北京四中 agree; 江苏省天一中学 keeps 江苏 and is compared with
    天一中学 by containment)."""
    text = _compact(raw)
    if text is None:
        return None
    text = simplified(text)
    text = text.replace("附属中学", "附中")
    text = _CHINESE_NUMERAL_SCHOOL.sub(r"\1中", text)
    for _ in range(2):
        text = _PLACE_SUFFIX.sub(r"\1", text, count=1)
    return text


def name_columns(names: pl.Series) -> pl.DataFrame:
    """name_hanzi, name_pinyin, surname, surname_pinyin for each name."""
    forms = [name_forms(n) for n in names.to_list()]
    return pl.DataFrame(forms, schema=["name_hanzi", "name_pinyin", "surname", "surname_pinyin"],
                        orient="row")


def school_column(schools: pl.Series) -> pl.Series:
    return pl.Series("school_norm", [school_form(s) for s in schools.to_list()], dtype=pl.String)
