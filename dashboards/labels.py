"""Every word the dashboards and the annual assessment show, in Chinese and English.

Chinese is the language of the national office and the provinces; English is there for
evaluators and researchers. A `Text` carries both; pages show one at a time (a switch),
the printed report and the workbook show both.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.contract.provinces import PROVINCE_BY_CODE
from pipelines.contract.reasons import REASON_DESCRIPTIONS
from pipelines.registry.editions import UNDEFINED_MARK, WITHHELD_MARK, small_count_mark
from pipelines.registry.metrics import REGISTRY, MetricRegistry
from pipelines.registry.sources import DELIVERY_SOURCES, REFERENCE_FILES

LANGUAGES = ("zh", "en")

# Chinese first, then fonts that carry CJK on each platform, then the generic family:
# Noto Sans CJK (fonts-noto-cjk on Debian), Source Han Sans, PingFang (macOS), Microsoft
# YaHei (Windows), WenQuanYi (older Linux).
FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", '
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
    '"Heiti SC", "SimHei", "Helvetica Neue", Arial, sans-serif'
)


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def both(self, separator: str = " · ") -> str:
        return self.zh if self.zh == self.en else f"{self.zh}{separator}{self.en}"


# --- metrics (labels declared in pipelines/registry/metrics.py) ----------------------

def metric_labels(registry: MetricRegistry = REGISTRY) -> dict[str, Text]:
    """Every registered metric's label in both languages."""
    return {m.name: Text(m.label_zh, m.label_en) for m in registry.metrics}


METRIC = metric_labels()

DISCIPLINE = {"数学": "Mathematics", "物理": "Physics", "化学": "Chemistry", "生物": "Biology",
              "计算机": "Computer science"}
GENDER = {"男": "Boys", "女": "Girls"}
GRADE = {"高一": "Grade 10", "高二": "Grade 11"}
MENTOR_TITLE = {
    "院士": "Academician", "长江学者": "Changjiang Scholar", "杰青": "NSFC Distinguished Young Scholar",
    "国家级教学名师": "National teaching award", "省级教学名师": "Provincial teaching award",
    "其他": "Other",
}
GROUP_TYPE = {
    "national": Text("全国", "National"),
    "province": Text("省级单位", "Reporting unit"),
    "discipline": Text("学科", "Discipline"),
    "gender": Text("性别", "Gender"),
    "grade": Text("年级", "Grade"),
    "mentor_title": Text("导师职称", "Mentor title"),
}
NATIONAL = Text("全国", "National")
UNKNOWN_PROVINCE = Text("无法确定", "Not determined")


def value_label(group_type: str, value: str) -> Text:
    """A group value in both languages (a province by its short name)."""
    english = {
        "discipline": DISCIPLINE, "gender": GENDER, "grade": GRADE, "mentor_title": MENTOR_TITLE,
    }.get(group_type, {})
    if group_type == "national":
        return NATIONAL
    if group_type == "province":
        return province(value)
    return Text(value, english.get(value, value))


def province(code: str | None, full: bool = False) -> Text:
    unit = PROVINCE_BY_CODE.get(code or "")
    if unit is None:
        return UNKNOWN_PROVINCE if code is None else Text(code, code)
    return Text(unit.name if full else unit.short_name, unit.pinyin)


def reason(code: str) -> Text:
    """A reason code of the contract: the code and its meaning."""
    chinese, english = REASON_DESCRIPTIONS.get(code, (code, code))
    return Text(chinese, english)


# --- how hidden and missing figures read ---------------------------------------------

WITHHELD = Text("不公布（小单元格保护）", "withheld (small-cell protection)")
UNDEFINED = Text(UNDEFINED_MARK, UNDEFINED_MARK)
UNDEFINED_NOTE = Text("尚无数据或尚未到观察期", "no data yet, or not yet observable")
NOT_PUBLISHED = Text("未发布", "not published")


def small_count_note(k: int) -> Text:
    return Text(f"{small_count_mark(k)}：人数在 0 至 {k - 1} 之间（含 0），不公布具体数字",
                f"{small_count_mark(k)}: a count from 0 to {k - 1} (zero included), not given")


# --- words of the pages ------------------------------------------------------------

UI = {
    "programme": Text("英才计划", "Youth Talent Programme"),
    "language": Text("English", "中文"),
    "national_office": Text("英才计划全国管理办公室", "National management office"),
    "index_title": Text("英才计划评估仪表板", "Youth Talent Programme evaluation dashboards"),
    "overview_title": Text("全国概况", "National overview"),
    "provinces_title": Text("省级单位", "Reporting units"),
    "quality_title": Text("数据质量", "Data quality"),
    "generated": Text("生成时间", "Generated"),
    "source": Text("数据来源", "Source"),
    "public_source": Text(
        "已做小单元格保护的公开数据（analytics.duckdb 的 public 模式）",
        "small-cell-suppressed public figures (public schema of analytics.duckdb)",
    ),
    "cohort_year": Text("入选年份", "Cohort year"),
    "survey_year": Text("调查年份", "Survey year"),
    "years_since": Text("入选后年数", "Years since selection"),
    "students": Text("学生数", "Students"),
    "share": Text("比例", "Share"),
    "rate": Text("比率", "Rate"),
    "interval": Text("95% 置信区间", "95% interval"),
    "unit": Text("单位", "Unit"),
    "national_figure": Text("全国", "National"),
    "previous_year": Text("上年", "Previous year"),
    "suppression_legend": Text("图表与表格中的标记", "Marks in charts and tables"),
}


# Source display names, from the source registry; "(unknown)": a file no source claims.
SOURCES: dict[str, Text] = {
    **{s.name: Text(s.label_zh, s.label_en) for s in (*DELIVERY_SOURCES, *REFERENCE_FILES)},
    "(unknown)": Text("无法识别", "Unknown"),
}


# --- quality (reach12)

UI["delivery_source"] = Text(
    "公开的交付质量表（analytics.duckdb 的 public.delivery_*，仅含文件与行数，不含个人信息）与各项核查的最新结果",
    "the published delivery-quality tables (public.delivery_* of analytics.duckdb: files and row counts only, "
    "no personal data) and the latest result of every check",
)

# --- pages (pages12) ---------------------------------------------------------------

PAGES = {
    "breakdowns_title": Text("高校与导师", "Universities and mentors"),
    "definitions_title": Text("指标定义", "Definitions of the figures"),
    "definitions_link": Text("指标定义与小单元格规则", "How the figures are defined, and the small-cell rules"),
    "withheld_legend": Text("不公布：按互补规则或为防止推算而隐藏（可能是较大的数）",
                            "withheld: by the complement rule, or hidden so that another figure cannot be "
                            "worked out (it may be large)"),
    "undefined_legend": Text("未定义：尚无数据或尚未到观察期，原因写在旁边",
                             "not defined: no data yet or not yet observable; the reason is given beside it"),
    "comparison_legend": Text("高于或低于全国：仅在95%置信区间完全高于或低于全国值（或与上届区间不重叠）时标出",
                              "above or below the nation: marked only where the 95% interval lies wholly "
                              "above or below the national figure (or does not overlap the previous year's)"),
    "above": Text("高于全国", "above the nation"),
    "below": Text("低于全国", "below the nation"),
    "not_different": Text("与全国无明显差异", "not distinguishable from the nation"),
    "up": Text("高于上届", "above the previous cohort"),
    "down": Text("低于上届", "below the previous cohort"),
    "coverage": Text("跟踪覆盖", "Coverage"),
    "coverage_note": Text(
        "跟踪覆盖 = 同一组、同一届次中至少回答过一次跟踪调查的比例（曾跟踪到的比例）：来自跟踪调查的数字只看得到这一部分学生。",
        "Coverage = the share of the same group and cohorts who answered at least one follow-up survey "
        "(ever reached): a figure from the survey sees only these students."),
    "three_cohorts": Text("近三届合并", "last three cohorts pooled"),
    "all_cohorts": Text("全部届次", "all cohorts"),
    "lower_bound": Text("下限", "lower bound"),
    "km_estimate": Text("K–M 估计", "K–M estimate"),
    "two_topnotch": Text(
        "两个拔尖计划数字含义不同：入选率（下限）把未回答调查者算作未入选，只用观察满期的届次；"
        "累计入选率（K–M 估计）合并全部届次，只按每人被观察到的年份计算，因此通常较高。",
        "The two Top-Notch figures differ on purpose: the rate (lower bound) counts non-responders as not "
        "entered and uses only cohorts observed long enough; the cumulative incidence (K–M estimate) pools "
        "every cohort and counts each student only for the years they were observed, so it is usually higher."),
}
