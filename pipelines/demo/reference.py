"""The national office's reference tables of the demo delivery: host universities,
mentors and 拔尖计划2.0 bases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.cleaning.spellings import DISCIPLINE, canonical_values
from pipelines.contract import reference_values as contract_values
from pipelines.demo.names import person_names
from pipelines.registry import sources as registry

# The five programme disciplines in their canonical spelling (数学, 物理, 化学, 生物, 计算机).
PROGRAMME_DISCIPLINES: tuple[str, ...] = tuple(canonical_values(DISCIPLINE))

# Mentor titles of contract.md with a plausible share of each among 英才计划 mentors.
MENTOR_TITLES: dict[str, float] = dict(
    zip(contract_values.MENTOR_TITLES, (0.03, 0.12, 0.20, 0.07, 0.18, 0.40), strict=True)
)

# The 拔尖计划2.0 disciplines of contract.md, with the undergraduate major a base enrols.
TOPNOTCH_MAJORS: dict[str, str] = dict(
    zip(
        contract_values.TOPNOTCH_DISCIPLINES,
        ("数学与应用数学", "物理学", "化学", "生物科学", "计算机科学与技术", "天文学", "地理科学",
         "大气科学", "海洋科学", "地球物理学", "地质学", "心理学", "基础医学", "哲学", "经济学",
         "汉语言文学", "历史学"),
        strict=True,
    )
)
_CORE_BASES = ("数学", "物理学", "化学", "生物科学", "计算机科学")


@dataclass(frozen=True)
class University:
    code: str
    name: str
    aliases: tuple[str, ...]
    province_code: str
    # 0: no 拔尖 bases; 1: bases from the first batch (2019); 2: bases from 2020/2021.
    topnotch_tier: int

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _u(code: str, name: str, aliases: str, province: str, tier: int = 0) -> University:
    return University(code, name, tuple(a for a in aliases.split(";") if a), province, tier)


# Universities hosting 英才计划 students (教育部 institution codes). 石河子大学 lies in
# Xinjiang (650000): a GB/T 2260 code, which the 兵团's 660000 is not.
UNIVERSITIES: tuple[University, ...] = (
    _u("10001", "北京大学", "北大;Peking University", "110000", 1),
    _u("10002", "中国人民大学", "人大;Renmin University of China", "110000", 2),
    _u("10003", "清华大学", "清华;Tsinghua University", "110000", 1),
    _u("10006", "北京航空航天大学", "北航;Beihang University", "110000", 2),
    _u("10007", "北京理工大学", "北理工;Beijing Institute of Technology", "110000"),
    _u("10027", "北京师范大学", "北师大;Beijing Normal University", "110000", 2),
    _u("14430", "中国科学院大学", "国科大;University of Chinese Academy of Sciences;UCAS", "110000", 2),
    _u("10055", "南开大学", "南开;Nankai University", "120000", 1),
    _u("10056", "天津大学", "天大;Tianjin University", "120000"),
    _u("10075", "河北大学", "Hebei University", "130000"),
    _u("10108", "山西大学", "Shanxi University", "140000"),
    _u("10126", "内蒙古大学", "内大;Inner Mongolia University", "150000"),
    _u("10141", "大连理工大学", "大工;Dalian University of Technology", "210000", 2),
    _u("10145", "东北大学", "Northeastern University", "210000"),
    _u("10183", "吉林大学", "吉大;Jilin University", "220000", 2),
    _u("10200", "东北师范大学", "东北师大;Northeast Normal University", "220000"),
    _u("10213", "哈尔滨工业大学", "哈工大;Harbin Institute of Technology;HIT", "230000", 2),
    _u("10246", "复旦大学", "复旦;Fudan University", "310000", 1),
    _u("10247", "同济大学", "同济;Tongji University", "310000", 2),
    _u("10248", "上海交通大学", "上海交大;Shanghai Jiao Tong University;SJTU", "310000", 1),
    _u("10269", "华东师范大学", "华东师大;East China Normal University;ECNU", "310000", 2),
    _u("10284", "南京大学", "南大;Nanjing University", "320000", 1),
    _u("10285", "苏州大学", "苏大;Soochow University", "320000"),
    _u("10286", "东南大学", "Southeast University", "320000", 2),
    _u("10319", "南京师范大学", "南师大;Nanjing Normal University", "320000"),
    _u("10335", "浙江大学", "浙大;Zhejiang University", "330000", 1),
    _u("10358", "中国科学技术大学", "中国科大;University of Science and Technology of China;USTC", "340000", 1),
    _u("10384", "厦门大学", "厦大;Xiamen University", "350000", 2),
    _u("10394", "福建师范大学", "福建师大;Fujian Normal University", "350000"),
    _u("10403", "南昌大学", "Nanchang University", "360000"),
    _u("10422", "山东大学", "山大;Shandong University", "370000", 2),
    _u("10423", "中国海洋大学", "中国海大;Ocean University of China", "370000", 2),
    _u("10459", "郑州大学", "郑大;Zhengzhou University", "410000"),
    _u("10486", "武汉大学", "武大;Wuhan University", "420000", 1),
    _u("10487", "华中科技大学", "华中大;Huazhong University of Science and Technology;HUST", "420000", 2),
    _u("10511", "华中师范大学", "华中师大;Central China Normal University", "420000"),
    _u("10532", "湖南大学", "湖大;Hunan University", "430000"),
    _u("10533", "中南大学", "Central South University", "430000", 2),
    _u("10558", "中山大学", "中大;Sun Yat-sen University", "440000", 1),
    _u("10561", "华南理工大学", "华工;South China University of Technology", "440000"),
    _u("14325", "南方科技大学", "南科大;Southern University of Science and Technology;SUSTech", "440000"),
    _u("10593", "广西大学", "Guangxi University", "450000"),
    _u("10589", "海南大学", "Hainan University", "460000"),
    _u("10611", "重庆大学", "重大;Chongqing University", "500000"),
    _u("10610", "四川大学", "川大;Sichuan University", "510000", 1),
    _u("10614", "电子科技大学",
       "电子科大;University of Electronic Science and Technology of China;UESTC", "510000", 2),
    _u("10657", "贵州大学", "Guizhou University", "520000"),
    _u("10673", "云南大学", "云大;Yunnan University", "530000", 2),
    _u("10694", "西藏大学", "Tibet University", "540000"),
    _u("10698", "西安交通大学", "西安交大;Xi'an Jiaotong University", "610000", 1),
    _u("10699", "西北工业大学", "西工大;Northwestern Polytechnical University", "610000"),
    _u("10697", "西北大学", "Northwest University", "610000", 2),
    _u("10718", "陕西师范大学", "陕西师大;Shaanxi Normal University", "610000"),
    _u("10730", "兰州大学", "兰大;Lanzhou University", "620000", 1),
    _u("10743", "青海大学", "Qinghai University", "630000"),
    _u("10749", "宁夏大学", "Ningxia University", "640000"),
    _u("10755", "新疆大学", "Xinjiang University", "650000"),
    _u("10759", "石河子大学", "Shihezi University", "650000"),
)

# Real universities that are not in the reference: a cohort row naming one is warned
# `unknown_university`.
UNLISTED_UNIVERSITIES: tuple[str, ...] = (
    "北京邮电大学", "首都师范大学", "中国农业大学", "华北电力大学", "江西财经大学", "长沙理工大学", "深圳大学",
)


def university_spellings(rng: np.random.Generator, names: pl.Series, alias_share: float = 0.3) -> pl.Series:
    """University names as people write them: the reference name, or in a share of
    rows one of its aliases (川大, Sichuan University). Null stays null."""
    table = pl.DataFrame({"name": [u.name for u in UNIVERSITIES],
                          "spellings": [list(u.spellings()) for u in UNIVERSITIES]})
    rows = pl.DataFrame({"name": names.cast(pl.String)}).join(table, on="name", how="left",
                                                               maintain_order="left")
    others = rows["spellings"].list.len() - 1
    alias = pl.Series(rng.random(rows.height) < alias_share) & (others > 0)
    pick = pl.Series(rng.integers(0, 1000, rows.height))
    index = pl.select(pl.when(alias).then(1 + pick % others.clip(1)).otherwise(0)).to_series()
    return rows.select(pl.col("spellings").list.get(index, null_on_oob=True)).to_series()


@dataclass(frozen=True)
class Reference:
    """The reference tables as rows of canonical values."""

    universities: tuple[University, ...]
    mentors: list[dict]  # mentor_id, name, university_code, discipline, title
    bases: list[dict]  # university_code, discipline, batch_year


def build_reference(rng: np.random.Generator) -> Reference:
    """Mentors (two to five per university and programme discipline) and 拔尖 bases."""
    _check_spellings_unique()
    mentors = []
    titles = list(MENTOR_TITLES)
    shares = np.array(list(MENTOR_TITLES.values()))
    for university in UNIVERSITIES:
        counts = rng.integers(2, 6, size=len(PROGRAMME_DISCIPLINES))
        total = int(counts.sum())
        names = person_names(rng, rng.random(total) < 0.7)
        drawn = rng.choice(len(titles), size=total, p=shares / shares.sum())
        k = 0
        for discipline, count in zip(PROGRAMME_DISCIPLINES, counts):
            for _ in range(count):
                mentors.append({
                    "mentor_id": f"M{university.code}{k + 1:03d}",
                    "name": names[k],
                    "university_code": university.code,
                    "discipline": discipline,
                    "title": titles[drawn[k]],
                })
                k += 1
    bases = []
    extra = [d for d in TOPNOTCH_MAJORS if d not in _CORE_BASES]
    for university in UNIVERSITIES:
        if university.topnotch_tier == 0:
            continue
        if university.topnotch_tier == 1:
            chosen = list(_CORE_BASES) + list(rng.choice(extra, size=int(rng.integers(2, 6)), replace=False))
        else:
            chosen = list(rng.choice(list(TOPNOTCH_MAJORS), size=int(rng.integers(1, 4)), replace=False))
        for discipline in sorted(chosen, key=list(TOPNOTCH_MAJORS).index):
            first_batch = university.topnotch_tier == 1 and discipline in _CORE_BASES
            year = 2019 if first_batch else int(rng.choice([2019, 2020, 2021], p=[0.2, 0.4, 0.4]))
            bases.append({"university_code": university.code, "discipline": discipline,
                          "batch_year": year})
    return Reference(UNIVERSITIES, mentors, bases)


def reference_rows(reference: Reference) -> dict[str, list[dict]]:
    """Rows of reference/universities.csv, mentors.csv and topnotch_bases.csv."""
    hosts = {b["university_code"] for b in reference.bases}
    universities = [
        {"university_code": u.code, "name": u.name, "aliases": ";".join(u.aliases),
         "province_code": u.province_code,
         "topnotch_host": "true" if u.code in hosts else "false"}
        for u in reference.universities
    ]
    return {
        registry.UNIVERSITIES.name: universities,
        registry.MENTORS.name: reference.mentors,
        registry.TOPNOTCH_BASES.name: reference.bases,
    }


def _check_spellings_unique() -> None:
    seen: dict[str, str] = {}
    for university in UNIVERSITIES:
        for spelling in university.spellings():
            if seen.setdefault(spelling, university.code) != university.code:
                raise ValueError(f"university spelling {spelling!r} names two universities")
    for name in UNLISTED_UNIVERSITIES:
        if name in seen:
            raise ValueError(f"{name} is in the reference")
