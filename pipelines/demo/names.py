"""Plausible Chinese personal names and secondary-school names, drawn in bulk."""

from __future__ import annotations

import numpy as np

from pipelines.contract.provinces import PROVINCES

# The most common surnames with rough relative frequencies (per cent of the population).
_SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.5, "杨": 3.1, "黄": 2.2, "赵": 2.0,
    "吴": 1.9, "周": 1.9, "徐": 1.6, "孙": 1.5, "马": 1.4, "朱": 1.3, "胡": 1.3, "郭": 1.2,
    "何": 1.2, "高": 1.1, "林": 1.1, "罗": 0.9, "郑": 0.9, "梁": 0.9, "谢": 0.8, "宋": 0.8,
    "唐": 0.8, "许": 0.7, "韩": 0.7, "冯": 0.7, "邓": 0.7, "曹": 0.7, "彭": 0.6, "曾": 0.6,
    "肖": 0.6, "田": 0.6, "董": 0.5, "袁": 0.5, "潘": 0.5, "于": 0.5, "蒋": 0.5, "蔡": 0.5,
    "余": 0.5, "杜": 0.5, "叶": 0.5, "程": 0.5, "苏": 0.4, "魏": 0.4, "吕": 0.4, "丁": 0.4,
    "任": 0.4, "沈": 0.4, "姚": 0.4, "卢": 0.4, "姜": 0.4, "崔": 0.4, "钟": 0.4, "谭": 0.3,
    "陆": 0.3, "汪": 0.3, "范": 0.3, "金": 0.3, "石": 0.3, "廖": 0.3, "贾": 0.3, "夏": 0.3,
    "韦": 0.3, "付": 0.3, "方": 0.3, "白": 0.3, "邹": 0.3, "孟": 0.3, "熊": 0.3, "秦": 0.3,
    "邱": 0.3, "江": 0.3, "尹": 0.3, "薛": 0.2, "闫": 0.2, "段": 0.2, "雷": 0.2, "侯": 0.2,
    "龙": 0.2, "史": 0.2, "陶": 0.2, "黎": 0.2, "贺": 0.2, "顾": 0.2, "毛": 0.2, "郝": 0.2,
    "龚": 0.2, "邵": 0.2, "万": 0.2, "钱": 0.2, "严": 0.2, "欧阳": 0.05, "司马": 0.01,
    "诸葛": 0.01, "上官": 0.01,
}
_GIVEN_MALE = list("伟强磊军洋勇杰涛明超辉鹏浩宇轩博文哲睿晨昊然泽翔志远航鑫凯瑞峰嘉铭子俊毅恒天一诚")
_GIVEN_FEMALE = list("静丽敏燕艳娟霞婷雪琳欣怡佳雨涵梓萱诗颖悦思晴可馨妍瑶琪晓彤慧语嘉一欣然雅")


def person_names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """One name per element of `male`: a surname and one or two given-name characters."""
    n = len(male)
    surnames = np.array(list(_SURNAMES))
    weights = np.array(list(_SURNAMES.values()))
    family = surnames[rng.choice(len(surnames), size=n, p=weights / weights.sum())]
    pools = (np.array(_GIVEN_FEMALE), np.array(_GIVEN_MALE))
    first = np.where(male, pools[1][rng.integers(0, len(pools[1]), n)],
                     pools[0][rng.integers(0, len(pools[0]), n)])
    second = np.where(male, pools[1][rng.integers(0, len(pools[1]), n)],
                      pools[0][rng.integers(0, len(pools[0]), n)])
    two_characters = rng.random(n) < 0.7
    given = np.where(two_characters, np.char.add(first, second), first)
    return np.char.add(family, given).astype(object)


# The capital (or main city) of each reporting unit; 兵团 schools are in 石河子.
_CITIES = {
    "110000": "北京", "120000": "天津", "130000": "石家庄", "140000": "太原", "150000": "呼和浩特",
    "210000": "沈阳", "220000": "长春", "230000": "哈尔滨", "310000": "上海", "320000": "南京",
    "330000": "杭州", "340000": "合肥", "350000": "福州", "360000": "南昌", "370000": "济南",
    "410000": "郑州", "420000": "武汉", "430000": "长沙", "440000": "广州", "450000": "南宁",
    "460000": "海口", "500000": "重庆", "510000": "成都", "520000": "贵阳", "530000": "昆明",
    "540000": "拉萨", "610000": "西安", "620000": "兰州", "630000": "西宁", "640000": "银川",
    "650000": "乌鲁木齐", "660000": "石河子",
}
_FAMOUS_SCHOOLS = {
    "110000": ("中国人民大学附属中学", "北京市第四中学", "北京师范大学附属实验中学", "清华大学附属中学"),
    "310000": ("上海中学", "华东师范大学第二附属中学", "复旦大学附属中学", "上海交通大学附属中学"),
    "320000": ("南京外国语学校", "南京师范大学附属中学", "江苏省天一中学", "江苏省苏州中学"),
    "330000": ("杭州第二中学", "浙江省镇海中学", "杭州学军中学", "浙江省温州中学"),
    "440000": ("华南师范大学附属中学", "深圳中学", "广东实验中学", "广州市执信中学"),
    "430000": ("长沙市雅礼中学", "湖南师范大学附属中学", "长郡中学"),
    "420000": ("华中师范大学第一附属中学", "武汉外国语学校"),
    "510000": ("成都市第七中学", "成都石室中学"),
    "370000": ("山东省实验中学", "青岛第二中学"),
    "340000": ("合肥一六八中学", "安徽师范大学附属中学"),
    "660000": ("石河子第一中学", "兵团第二中学"),
}


def schools_by_province() -> dict[str, tuple[str, ...]]:
    """A handful of secondary schools in each reporting unit."""
    schools = {}
    for unit in PROVINCES:
        city = _CITIES[unit.code]
        generic = (f"{city}市第一中学", f"{city}市第二中学", f"{city}市第三中学",
                   f"{city}外国语学校", f"{city}市实验中学")
        schools[unit.code] = _FAMOUS_SCHOOLS.get(unit.code, ()) + generic
    return schools
