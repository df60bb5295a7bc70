"""The methods of the annual assessment and the legend of its marks, in both languages: the
same paragraphs close the HTML report and fill the workbook's 指标说明 sheet."""

from __future__ import annotations

from dashboards import labels as L
from dashboards.labels import Text
from pipelines.registry.editions import UNDEFINED_MARK, WITHHELD_MARK


def legend_rows(figures) -> list[tuple[str, Text]]:
    """The marks this edition can show and what they mean (pipelines.registry.editions)."""
    marks = [(UNDEFINED_MARK, Text("该数字不存在（尚无数据或尚未到观察期），旁注原因", "the figure does not exist (no data yet, not yet observable); the reason is beside it"))]
    if not figures.internal:
        marks = [(figures.small_label, L.small_count_note(figures.k)), (WITHHELD_MARK, L.WITHHELD), *marks]
    return [*marks, ("▲ ▼", Text("置信区间整体高于或低于比较对象（全国或上年）", "the interval lies wholly above or below the reference (the nation, or the previous year)"))]


def methods(k: int, small_label: str, horizon: int | None, topnotch_horizon: int,
            internal: bool = False) -> list[tuple[Text, list[Text]]]:
    """(heading, paragraphs) of the methods section of the internal or the published edition."""
    data_horizon = str(horizon) if horizon is not None else "—"
    source = Text(
        "本报告为内部资料，使用未经小单元格保护的汇总数字（均为汇总，不含姓名、身份证号或任何个人记录），并给出置信区间；"
        "不得对外公开。对外发布的是公开版，其中的小数字按规定隐藏。",
        "This report is internal: it uses the aggregates as computed, without small-cell suppression (aggregates "
        "only: no names, ID numbers or individual records), with their intervals. It must not leave the office; "
        "the published edition hides small numbers as the rules require.",
    ) if internal else Text(
        "本报告为公开版，只使用已做小单元格保护的公开数字，不含姓名、身份证号或任何个人记录。",
        "This is the published edition: it uses only the small-cell-protected published figures, with no names, "
        "ID numbers or individual records.",
    )
    return [
        (Text("数据与口径", "Data and definitions"), [
            Text(
                source.zh +
                "学生按入选年份（最早一次被接收的学员名单年份）归入各届；省级单位、学科、性别等取入选时的记录。"
                f"数据截至最近一次跟踪调查年份 H = {data_horizon}；较早年份的数字会随补交的数据更新，与往年报告可能略有不同。",
                source.en + " Students belong to the cohort of "
                "the earliest year with an accepted cohort-roster row; unit, discipline and gender are those of "
                f"that row. The data run to the latest survey year H = {data_horizon}; figures for earlier years "
                "change as late deliveries arrive and may differ slightly from earlier reports.",
            ),
            Text(
                "本报告用于评估英才计划的组织实施，不用于对学生个人进行排名，也不与升学挂钩。",
                "The figures evaluate the programme's work; they never rank individual students and are not "
                "tied to admission.",
            ),
        ]),
        (Text("删失与观察期", "Censoring and observation time"), [
            Text(
                f"拔尖计划入选率有两种口径。固定期限入选率（如 {topnotch_horizon} 年入选率）只计算入选后已观察满该年限的届次"
                f"（Y + h ≤ H），分母为该届全部学生；尚未满期的届次不计算，报告中为“—”并注明原因。"
                "累计入选率采用 Kaplan–Meier 方法，按年计时，合并全部届次：每名学生观察到其最后一次回答调查的年份为止，"
                "之后视为删失，同一年内先计事件后计删失。近几届只贡献已观察到的年份。",
                f"The Top-Notch rate is given two ways. The fixed-horizon rate (e.g. the {topnotch_horizon}-year "
                "rate) uses only cohorts observed that long (Y + h ≤ H), over every student of the cohort; "
                "cohorts not yet observed that long read “—” with the reason. The cumulative incidence uses Kaplan–Meier on "
                "yearly time over all cohorts pooled: each student is followed to the last survey year they "
                "answered and censored after it, events counted before censorings of the same year. Recent "
                "cohorts contribute the years they have been observed.",
            ),
        ]),
        (Text("置信区间", "Intervals"), [
            Text(
                "比率的 95% 置信区间为 Wilson 区间；Kaplan–Meier 累计入选率的区间由 Greenwood 方差经 log(−log) 变换得到，"
                "至 h 年尚无人入选时为 [0, 1 − 0.025^(1/n)]（n 为 h 年仍在观察中的人数），而非 [0, 0]。"
                "区间反映抽样误差，不反映未回答造成的偏差。",
                "Rates carry 95% Wilson intervals; the Kaplan–Meier cumulative incidence carries the interval "
                "from Greenwood's variance with the log(−log) transform or, where nobody has entered by year h, "
                "[0, 1 − 0.025^(1/n)] with n the persons still observed at h, never [0, 0]. "
                "Intervals reflect chance, not the "
                "bias non-response can cause.",
            ),
        ]),
        (Text("与全国和上年比较", "Against the nation and the previous year"), [
            Text(
                "“▲ 高于全国”或“▼ 低于全国”只在单位比率的 95% 置信区间整体高于或低于同届次、同口径的全国比率时标出；"
                "较上年的箭头只在两年的置信区间不重叠时标出。其余情况只给出差值，不标箭头或颜色，无论差值多大：小单位的差值多为偶然。",
                "“▲ above national” or “▼ below national” marks a unit's rate only where its 95% interval lies wholly "
                "above or below the national rate of the same cohort(s); a change from the previous year gets an "
                "arrow only where the two years' intervals do not overlap. Otherwise only the difference is given, "
                "with no arrow or colour, however large: a small unit's difference is mostly chance.",
            ),
        ]),
        (Text("小单元格保护", "Small-cell suppression"), [
            Text(
                f"公开版中，人数为 0 至 {k - 1} 的单元格显示为“{small_label}”（含 0，使 0 与小数字无法区分），不给出具体数字；"
                f"比率只在其分子和“分母减分子”都不少于 {k} 时给出，否则显示为“{WITHHELD_MARK}”。"
                f"为防止通过合计相减推算出被隐藏的数字，同一行或同一列中再隐藏一个单元格（互补隐藏），也显示为“{WITHHELD_MARK}”。"
                f"稀有结果（拔尖计划、强基计划、研究生在读）另按最近三届合并给出，使小单位也能公布。"
                f"由公开数字计算的派生指标（如累计人数）只在所有组成部分都公开时才给出。"
                f"“{UNDEFINED_MARK}”表示该数字不存在（尚无数据或尚未到观察期），旁注原因，与隐藏不同。"
                + ("本内部版不做隐藏，所有存在的数字均给出。" if internal else ""),
                f"In the published edition a count from 0 to {k - 1} reads “{small_label}” (zero included, so that "
                f"a zero cannot be told from a small count); a rate is given only where its numerator and its "
                f"complement are both at least {k}, otherwise it reads “{WITHHELD_MARK}”. So that a hidden count "
                f"cannot be worked out from a total, one more cell of the row or column is hidden (complementary "
                f"suppression) and reads “{WITHHELD_MARK}”. Rare outcomes (Top-Notch, 强基计划, graduate study) are "
                "also given over the latest three cohorts pooled, so that small units can be published. Figures "
                "derived from published ones (totals to date) are given only when every part is published. "
                f"“{UNDEFINED_MARK}” means the figure does not exist (no data yet, not yet observable), with the "
                "reason beside it, which is not the same as hidden."
                + (" This internal edition hides nothing: every figure that exists is given." if internal else ""),
            ),
        ]),
        (Text("未回答意味着什么", "What non-response means"), [
            Text(
                "跟踪调查并非人人回答。未回答不等于未升学或未入选拔尖计划：固定期限入选率把未回答者计为未入选，因此是下限；"
                "Kaplan–Meier 累计入选率假定删失与是否入选无关，若仍保持联系的校友更可能入选，则会高估。"
                "跟踪覆盖率低的单位，其升学与拔尖计划指标的不确定性更大，应先提高覆盖率再作比较。",
                "Not every alumnus answers the survey. Not answering does not mean not progressing: the "
                "fixed-horizon rate counts non-responders as not selected, so it is a lower bound; the "
                "Kaplan–Meier incidence assumes censoring is unrelated to selection and overstates it if alumni "
                "who stay in touch are more often selected. Where a unit's follow-up coverage is low its "
                "progression figures are more uncertain; raise coverage before comparing.",
            ),
        ]),
    ]
