"""The accepted spellings of every coded field of the contract, one mapping per field:
spelling as written in contract.md → canonical value. A cell matches a spelling after
`spelling_key` (width, white space and case ignored), so `Male`, `ＭＡＬＥ` and ` male `
all match `male`; each table lists a spelling once.

Province spellings are not here: they come from data/reference/provinces.csv through
`pipelines.contract.provinces`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipelines.contract.columns import header_key
from pipelines.contract.reference_values import TOPNOTCH_DISCIPLINES


def _as_written(*values: str) -> dict[str, str]:
    return {value: value for value in values}


MALE, FEMALE = "男", "女"

GENDER: Mapping[str, str] = {
    "男": MALE, "女": FEMALE,
    "M": MALE, "F": FEMALE,
    "male": MALE, "female": FEMALE,
    "男性": MALE, "女性": FEMALE,
}

GRADE: Mapping[str, str] = {
    "高一": "高一", "高二": "高二",
    "10": "高一", "11": "高二",
    "高中一年级": "高一", "高中二年级": "高二",
}

DISCIPLINE: Mapping[str, str] = {
    **_as_written("数学", "物理", "化学", "生物", "计算机"),
    "Mathematics": "数学", "Math": "数学",
    "Physics": "物理",
    "Chemistry": "化学",
    "Biology": "生物",
    "Computer Science": "计算机", "CS": "计算机",
}

# A 拔尖计划2.0 base's discipline (topnotch_roster), as reference/topnotch_bases.csv lists them.
TOPNOTCH_DISCIPLINE: Mapping[str, str] = _as_written(*TOPNOTCH_DISCIPLINES)

YES_NO: Mapping[str, bool] = {
    "是": True, "否": False,
    "Y": True, "N": False,
    "true": True, "false": False,
}

ACTIVITY_TYPE: Mapping[str, str] = _as_written("科研实践", "学术研讨", "科学营", "讲座", "其他")
ASSESSMENT_TYPE: Mapping[str, str] = _as_written("中期", "结业")
RESULT: Mapping[str, str] = _as_written("优秀", "合格", "不合格", "退出")
STATUS: Mapping[str, str] = _as_written("高中在读", "本科在读", "研究生在读", "已就业", "其他")
MAJOR_CATEGORY: Mapping[str, str] = _as_written("基础学科", "其他")
ADMISSION_ROUTE: Mapping[str, str] = _as_written("强基计划", "统招", "综合评价", "保送", "其他")


def keyed(spellings: Mapping[str, object]) -> dict[str, object]:
    """The table as looked up: `header_key(spelling)` → canonical value. Raises when two
    spellings of one table collide after keying, so a table cannot be ambiguous."""
    table: dict[str, object] = {}
    for spelling, value in spellings.items():
        key = header_key(spelling)
        if key in table and table[key] != value:
            raise ValueError(f"spelling {spelling!r} collides with another after keying")
        table[key] = value
    return table


def canonical_values(spellings: Mapping[str, object]) -> tuple[object, ...]:
    """The distinct canonical values of a table, in the order the contract lists them."""
    return tuple(dict.fromkeys(spellings.values()))
