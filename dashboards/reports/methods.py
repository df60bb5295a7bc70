"""The methods of the annual assessment, in both languages: the same paragraphs close the
HTML report and fill the workbook's 指标说明 sheet."""

from __future__ import annotations

from dashboards.labels import Text


def methods(k: int, small_label: str, horizon: int | None, topnotch_horizon: int) -> list[tuple[Text, list[Text]]]:
    """(heading, paragraphs) of the methods section."""
    data_horizon = str(horizon) if horizon is not None else "—"
    return [
        (Text("数据与口径", "Data and definitions"), [
            Text(
                "本报告只使用已做小单元格保护的公开数据（analytics.duckdb 的 public 模式），不含姓名、身份证号或任何个人记录。"
                "学生按入选年份（最早一次被接收的学员名单年份）归入各届；省级单位、学科、性别等取入选时的记录。"
                f"数据截至最近一次跟踪调查年份 H = {data_horizon}；较早年份的数字会随补交的数据更新，与往年报告可能略有不同。",
                "This report uses only the small-cell-suppressed public figures (the public schema of "
                "analytics.duckdb): no names, ID numbers or individual records. Students belong to the cohort of "
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
                f"（Y + h ≤ H），分母为该届全部学生；尚未满期的届次不计算，报告中为“暂无”。"
                "累计入选率采用 Kaplan–Meier 方法，按年计时，合并全部届次：每名学生观察到其最后一次回答调查的年份为止，"
                "之后视为删失，同一年内先计事件后计删失。近几届只贡献已观察到的年份。",
                f"The Top-Notch rate is given two ways. The fixed-horizon rate (e.g. the {topnotch_horizon}-year "
                "rate) uses only cohorts observed that long (Y + h ≤ H), over every student of the cohort; "
                "cohorts not yet observed that long read n/a. The cumulative incidence uses Kaplan–Meier on "
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
        (Text("小单元格保护", "Small-cell suppression"), [
            Text(
                f"人数为 1 至 {k - 1} 的单元格显示为“{small_label}”，不给出具体数字；分母小于 {k} 的比率不给出。"
                "为防止通过合计相减推算出被隐藏的数字，同一行或同一列中再隐藏一个单元格（互补隐藏），显示为“—”。"
                "由公开数字计算的派生指标（如累计人数、女生占比、校友覆盖率）只在所有组成部分都公开时才给出，否则显示为“—”。"
                "“暂无”表示尚无数据或尚未到观察期，与隐藏不同。",
                f"A count from 1 to {k - 1} reads “{small_label}” and is not given; a rate whose denominator is "
                f"below {k} is not given. So that a hidden count cannot be worked out from a total, one more "
                "cell of the row or column is hidden (complementary suppression) and reads “—”. Figures derived "
                "from published ones (totals to date, girls' share, alumni coverage) are given only when every "
                "part is published, otherwise “—”. “n/a” means no data yet or not yet observable, which is "
                "not the same as hidden.",
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
