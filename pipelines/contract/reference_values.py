"""Value lists of the reference tables (contract.md): mentor titles and the 拔尖计划2.0
disciplines. The same discipline list defines a 基础学科 major (metrics.md)."""

MENTOR_TITLES: tuple[str, ...] = ("院士", "长江学者", "杰青", "国家级教学名师", "省级教学名师", "其他")

TOPNOTCH_DISCIPLINES: tuple[str, ...] = (
    "数学", "物理学", "化学", "生物科学", "计算机科学", "天文学", "地理科学", "大气科学",
    "海洋科学", "地球物理学", "地质学", "心理学", "基础医学", "哲学", "经济学",
    "中国语言文学", "历史学",
)

TOPNOTCH_BATCH_YEARS: tuple[int, ...] = (2019, 2020, 2021)
