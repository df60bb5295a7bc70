"""China's 32 reporting units as a tile grid: one equal square per unit, placed roughly
where the unit lies, so that small units (北京, 上海, 兵团) weigh as much as large ones and
no map file has to be downloaded. The 新疆生产建设兵团 sits next to 新疆.

Rows count from the north (0) to the south, columns from the west (0) to the east.
"""

from __future__ import annotations

from types import MappingProxyType

from pipelines.contract.provinces import PROVINCE_CODES

# code → (row, column)
TILES = MappingProxyType({
    "230000": (0, 7),  # 黑龙江
    "150000": (1, 4),  # 内蒙古
    "110000": (1, 5),  # 北京
    "210000": (1, 6),  # 辽宁
    "220000": (1, 7),  # 吉林
    "650000": (2, 0),  # 新疆
    "660000": (2, 1),  # 兵团
    "620000": (2, 2),  # 甘肃
    "640000": (2, 3),  # 宁夏
    "140000": (2, 4),  # 山西
    "130000": (2, 5),  # 河北
    "120000": (2, 6),  # 天津
    "540000": (3, 1),  # 西藏
    "630000": (3, 2),  # 青海
    "610000": (3, 3),  # 陕西
    "410000": (3, 4),  # 河南
    "370000": (3, 5),  # 山东
    "510000": (4, 2),  # 四川
    "500000": (4, 3),  # 重庆
    "420000": (4, 4),  # 湖北
    "340000": (4, 5),  # 安徽
    "320000": (4, 6),  # 江苏
    "530000": (5, 2),  # 云南
    "520000": (5, 3),  # 贵州
    "430000": (5, 4),  # 湖南
    "360000": (5, 5),  # 江西
    "330000": (5, 6),  # 浙江
    "310000": (5, 7),  # 上海
    "450000": (6, 3),  # 广西
    "440000": (6, 4),  # 广东
    "350000": (6, 5),  # 福建
    "460000": (7, 3),  # 海南
})

# Short Latin labels for the tiles in English (GB/T 2260 letter codes; XPCC for the 兵团).
TILE_ABBREVIATIONS = MappingProxyType({
    "110000": "BJ", "120000": "TJ", "130000": "HE", "140000": "SX", "150000": "NM",
    "210000": "LN", "220000": "JL", "230000": "HL", "310000": "SH", "320000": "JS",
    "330000": "ZJ", "340000": "AH", "350000": "FJ", "360000": "JX", "370000": "SD",
    "410000": "HA", "420000": "HB", "430000": "HN", "440000": "GD", "450000": "GX",
    "460000": "HI", "500000": "CQ", "510000": "SC", "520000": "GZ", "530000": "YN",
    "540000": "XZ", "610000": "SN", "620000": "GS", "630000": "QH", "640000": "NX",
    "650000": "XJ", "660000": "XPCC",
})

ROWS = 1 + max(r for r, _ in TILES.values())
COLUMNS = 1 + max(c for _, c in TILES.values())

if set(TILES) != set(PROVINCE_CODES) or len(set(TILES.values())) != len(TILES):
    raise RuntimeError("the tile grid must place each of the 32 reporting units on its own tile")
