"""marts.metric_values and the wide marts on a delivery small enough to work out by hand:
eight students in four cohorts, followed up to H = 2023, through one real in-process run.

    person  cohort  province grade discipline gender mentor   hours  assessment    responses (survey year: status …)
    A       2016    440000   高二  数学       男     院士      10+6  结业 优秀      2017 本科 数学与应用数学 强基; 2018 本科 拔尖 2018; 2022 研究生
    B       2016    110000   高一  物理       女     杰青      4     结业 合格      none (non-responder)
    C       2019    440000   高一  数学       男     院士      8+2   结业 合格      2021 本科 物理学 拔尖 (no year); 2022 本科 软件工程 拔尖 2020
    D       2019    110000   高二  化学       女     杰青      0     中期 退出      2020 本科 火星学 (unmapped: unknown)
    E       2019    440000   高一  生物       女     unknown   5     结业 优秀      2020 高中; 2021 本科 生命科学实验班 given 基础学科
    F       2019    440000   高二  计算机     男     院士      0     none          2023 本科 计算机科学与技术 强基 拔尖 2022
    G       2020    110000   高一  数学       男     杰青      3     结业 不合格    2021 高中; 2022 本科 金融学; 2023 本科 金融学
    K       2021    440000   高一  物理       女     院士      7     (no 2021 data) 2023 高中

C is selected again in 2020 (in 北京, 高二): the 2019 row stands. Universities: 中山大学
10558 (A, C, E, F, K), 北京大学 10001 (B, D, G). No assessment file for 2021, so the 2021
cohort's completion, excellence and withdrawal are "in progress". H = 2023.

Top-Notch times: A t = 2018 − 2016 = 2; C: event year = min(2021, 2020) = 2020, t = 1;
F t = 2022 − 2019 = 3. Censoring times: B 0, D 2020 − 2019 = 1, E 2021 − 2019 = 2,
G 2023 − 2020 = 3, K 2023 − 2021 = 2.
"""

import datetime as dt
import math

import pytest
from filemaker import write_csv, write_two_university_reference
from warehouse_state import query

from pipelines.contract.national_id import make
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.metrics.columns import PROVINCE_COLUMNS, metric_values_columns, summary_columns
from pipelines.metrics.names import GROUP_TYPES, METRICS
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

COHORT_HEADER = ["身份证号", "姓名", "性别", "省份", "中学", "年级", "学科", "培养高校", "导师编号"]
TRAINING_HEADER = ["身份证号", "活动日期", "活动类型", "学时", "导师编号"]
ASSESSMENT_HEADER = ["身份证号", "考核类型", "考核结果"]
FOLLOWUP_HEADER = [
    "身份证号", "调查年份", "当前状态", "就读高校", "专业", "专业类别", "录取方式",
    "是否入选拔尖计划", "入选拔尖计划年份",
]

MALE = {"A": True, "B": False, "C": True, "D": False, "E": False, "F": True, "G": True, "K": False}
ID = {
    name: make("440106", dt.date(2001 + i % 5, 1 + i, 3 + i), 10 + i, male=MALE[name])
    for i, name in enumerate(MALE)
}

Z = 1.959963984540054  # the 97.5% normal quantile


def cohort_row(name, province, grade, discipline, university, mentor):
    return [ID[name], "学生" + name, "男" if MALE[name] else "女", province, "一中", grade,
            discipline, university, mentor]


def response(name, year, status, major="", category="", route="", topnotch="否", topnotch_year=""):
    return [ID[name], year, status, "", major, category, route, topnotch, topnotch_year]


def write_delivery(inp) -> None:
    """The delivery of the module docstring, into the folder `inp`."""
    write_two_university_reference(inp, [
        ["M001", "王老师", "10558", "数学", "院士"],
        ["M002", "李老师", "10001", "物理", "杰青"],
    ])

    write_csv(inp / "2016" / "cohort.csv", [
        COHORT_HEADER,
        cohort_row("A", "广东", "高二", "数学", "中山大学", "M001"),
        cohort_row("B", "北京", "高一", "物理", "北京大学", "M002"),
    ])
    write_csv(inp / "2016" / "training.csv", [
        TRAINING_HEADER,
        [ID["A"], "2016-03-01", "科研实践", "10", "M001"],
        [ID["A"], "2016-04-01", "讲座", "6", "M001"],
        [ID["B"], "2016-03-01", "讲座", "4", "M002"],
    ])
    write_csv(inp / "2016" / "assessment.csv", [
        ASSESSMENT_HEADER, [ID["A"], "结业", "优秀"], [ID["B"], "结业", "合格"],
    ])
    write_csv(inp / "2017" / "followup.csv", [
        FOLLOWUP_HEADER, response("A", 2017, "本科在读", "数学与应用数学", route="强基计划"),
    ])
    write_csv(inp / "2018" / "followup.csv", [
        FOLLOWUP_HEADER, response("A", 2018, "本科在读", topnotch="是", topnotch_year=2018),
    ])

    write_csv(inp / "2019" / "cohort.csv", [
        COHORT_HEADER,
        cohort_row("C", "广东", "高一", "数学", "中山大学", "M001"),
        cohort_row("D", "北京", "高二", "化学", "北京大学", "M002"),
        cohort_row("E", "广东", "高一", "生物", "中山大学", "M999"),
        cohort_row("F", "广东", "高二", "计算机", "中山大学", "M001"),
    ])
    write_csv(inp / "2019" / "training.csv", [
        TRAINING_HEADER,
        [ID["C"], "2019-05-01", "科研实践", "8", "M001"],
        [ID["E"], "2019-05-01", "科研实践", "5", ""],
    ])
    write_csv(inp / "2019" / "assessment.csv", [
        ASSESSMENT_HEADER,
        [ID["C"], "结业", "合格"], [ID["D"], "中期", "退出"], [ID["E"], "结业", "优秀"],
    ])

    write_csv(inp / "2020" / "cohort.csv", [
        COHORT_HEADER,
        cohort_row("G", "北京", "高一", "数学", "北京大学", "M002"),
        cohort_row("C", "北京", "高二", "物理", "北京大学", "M002"),  # repeat_cohort
    ])
    write_csv(inp / "2020" / "training.csv", [
        TRAINING_HEADER,
        [ID["C"], "2020-05-01", "讲座", "2", "M001"],
        [ID["G"], "2020-05-01", "讲座", "3", "M002"],
    ])
    write_csv(inp / "2020" / "assessment.csv", [ASSESSMENT_HEADER, [ID["G"], "结业", "不合格"]])
    write_csv(inp / "2020" / "followup.csv", [
        FOLLOWUP_HEADER,
        response("D", 2020, "本科在读", "火星学", route="统招"),
        response("E", 2020, "高中在读"),
    ])

    write_csv(inp / "2021" / "cohort.csv", [
        COHORT_HEADER, cohort_row("K", "广东", "高一", "物理", "中山大学", "M001"),
    ])
    write_csv(inp / "2021" / "training.csv", [TRAINING_HEADER, [ID["K"], "2021-05-01", "讲座", "7", "M001"]])
    write_csv(inp / "2021" / "followup.csv", [
        FOLLOWUP_HEADER,
        response("C", 2021, "本科在读", "物理学", route="统招", topnotch="是"),
        response("E", 2021, "本科在读", "生命科学实验班", category="基础学科", route="综合评价"),
        response("G", 2021, "高中在读"),
    ])
    write_csv(inp / "2022" / "followup.csv", [
        FOLLOWUP_HEADER,
        response("A", 2022, "研究生在读"),
        response("C", 2022, "本科在读", "软件工程", route="统招", topnotch="是", topnotch_year=2020),
        response("G", 2022, "本科在读", "金融学", route="统招"),
    ])
    write_csv(inp / "2023" / "followup.csv", [
        FOLLOWUP_HEADER,
        response("F", 2023, "本科在读", "计算机科学与技术", route="强基计划", topnotch="是",
                 topnotch_year=2022),
        response("G", 2023, "本科在读", "金融学"),
        response("K", 2023, "高中在读"),
    ])


def run_hand_built(root, write_more=None):
    """The warehouse of one run over the delivery above (plus what `write_more(input
    folder)` adds) in `root`."""
    inp = root / "input"
    write_delivery(inp)
    if write_more is not None:
        write_more(inp)
    paths = Paths(input_dir=str(inp), output_dir=str(root / "output"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    # Every delivered row is accepted: the metrics use all of them.
    assert query(paths.warehouse, "SELECT count(*) FROM quarantine.rejected_rows") == [(0,)]
    return paths.warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return run_hand_built(tmp_path_factory.mktemp("metrics"))


@pytest.fixture(scope="module")
def rows(warehouse):
    """(metric, cohort_year, group_type, group_value, horizon) → (numerator, denominator,
    value, ci_low, ci_high)."""
    table = query(warehouse, "SELECT * EXCLUDE (cohorts_pooled) FROM marts.metric_values "
                  "WHERE cohorts_pooled IS DISTINCT FROM 3")
    by_key = {tuple(r[:5]): tuple(r[5:]) for r in table}
    assert len(by_key) == len(table)  # one row per key
    return by_key


def national(rows, metric, cohort_year=None, horizon=None):
    return rows[(metric, cohort_year, "national", "all", horizon)]


def share(rows, metric, cohort_year=None, horizon=None, group=("national", "all")):
    """(numerator, denominator, value) of a row."""
    return rows[(metric, cohort_year, *group, horizon)][:3]


def wilson(k, n):
    """The Wilson interval by its formula: centre (p + z²/2n) / (1 + z²/n), half-width
    z √(p(1 − p)/n + z²/4n²) / (1 + z²/n)."""
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def km_interval(survival, variance):
    """F's interval from S and Greenwood's V with the log(−log) transform:
    S_low/high = S^exp(±z √V / log S), F = 1 − S."""
    spread = Z * math.sqrt(variance) / math.log(survival)
    return 1 - survival ** math.exp(spread), 1 - survival ** math.exp(-spread)


def test_metric_values_columns_and_names(warehouse, rows):
    columns = query(warehouse, "SELECT column_name, data_type FROM duckdb_columns() "
                    "WHERE schema_name = 'marts' AND table_name = 'metric_values' ORDER BY column_index")
    assert [c for c, _ in columns] == [
        "metric", "cohort_year", "group_type", "group_value", "horizon", "cohorts_pooled",
        "numerator", "denominator", "value", "ci_low", "ci_high",
    ]
    assert columns == [(name, kind) for name, kind, _ in metric_values_columns()]
    assert {key[0] for key in rows} == set(METRICS)
    assert {key[2] for key in rows} == set(GROUP_TYPES)


def test_cohort_size_per_cohort_and_pooled(rows):
    assert [national(rows, "cohort_size", y)[2] for y in (2016, 2019, 2020, 2021, None)] == [2, 4, 1, 1, 8]
    # No cohort 2017/2018: only cohort years that have students.
    assert {key[1] for key in rows if key[0] == "cohort_size"} == {2016, 2019, 2020, 2021, None}


def test_repeat_cohort_student_counts_once_in_the_earliest_cohort(rows):
    # C's 2020 row (北京, 高二, 物理) is a repeat: C stays in 2019, 广东, 高一, 数学.
    assert national(rows, "cohort_size", 2020)[2] == 1  # G only
    assert share(rows, "cohort_size", 2019, group=("province", "440000"))[2] == 3  # C, E, F
    assert share(rows, "cohort_size", 2019, group=("province", "110000"))[2] == 1  # D
    assert share(rows, "cohort_size", 2019, group=("discipline", "数学"))[2] == 1  # C
    # C's hours of both years count: 8 + 2 = 10 (checked in the training-hours test).


def test_completion_excellence_withdrawal_and_in_progress_cohort(rows):
    # 2016: A 优秀, B 合格. 2019: C 合格, E 优秀; D 退出 (mid-term); F none. 2020: G 不合格.
    assert share(rows, "completion_rate", 2016) == (2, 2, 1.0)
    assert share(rows, "completion_rate", 2019) == (2, 4, 0.5)
    assert share(rows, "completion_rate", 2020) == (0, 1, 0.0)
    assert share(rows, "excellence_rate", 2016) == (1, 2, 0.5)
    assert share(rows, "excellence_rate", 2019) == (1, 4, 0.25)
    assert share(rows, "withdrawal_rate", 2019) == (1, 4, 0.25)
    assert share(rows, "withdrawal_rate", 2016) == (0, 2, 0.0)
    # 2021: no assessment row in 2021 → in progress: the row is there, all NULL.
    for metric in ("completion_rate", "excellence_rate", "withdrawal_rate"):
        assert national(rows, metric, 2021) == (None, None, None, None, None)
        assert share(rows, metric, 2021, group=("province", "440000")) == (None, None, None)
    # Pooled over the cohorts with assessment data (2016, 2019, 2020: 2 + 4 + 1 = 7).
    assert share(rows, "completion_rate") == (4, 7, 4 / 7)
    assert share(rows, "excellence_rate") == (2, 7, 2 / 7)
    assert share(rows, "withdrawal_rate") == (1, 7, 1 / 7)


def test_wilson_interval_on_rates(rows):
    assert national(rows, "completion_rate", 2019)[3:] == pytest.approx(wilson(2, 4), abs=1e-12)
    assert national(rows, "completion_rate")[3:] == pytest.approx(wilson(4, 7), abs=1e-12)
    # 0 and n successes: the interval touches 0 and 1.
    low, high = national(rows, "completion_rate", 2020)[3:]
    assert low == 0.0 and high == pytest.approx(wilson(0, 1)[1], abs=1e-12)
    low, high = national(rows, "completion_rate", 2016)[3:]
    assert high == 1.0 and low == pytest.approx(wilson(2, 2)[0], abs=1e-12)


def test_training_hours_mean_and_median(rows):
    # 2016: A 16, B 4. 2019: C 8 + 2 = 10, D 0, E 5, F 0. 2020: G 3. 2021: K 7.
    assert share(rows, "training_hours_mean", 2016) == (None, 2, 10.0)
    assert share(rows, "training_hours_median", 2016) == (None, 2, 10.0)
    assert share(rows, "training_hours_mean", 2019) == (None, 4, 15 / 4)
    assert share(rows, "training_hours_median", 2019) == (None, 4, 2.5)  # 0 0 5 10: (0 + 5) / 2
    assert share(rows, "training_hours_mean", 2021) == (None, 1, 7.0)
    # Pooled: (16 + 4 + 10 + 0 + 5 + 0 + 3 + 7) / 8 = 45 / 8; median of 0 0 3 4 5 7 10 16 = 4.5.
    assert share(rows, "training_hours_mean") == (None, 8, 45 / 8)
    assert share(rows, "training_hours_median") == (None, 8, 4.5)
    assert national(rows, "training_hours_mean")[3:] == (None, None)


def test_ever_reached_counts_the_non_responder_in_the_denominator(rows):
    # B never responded.
    assert share(rows, "ever_reached", 2016) == (1, 2, 0.5)
    assert share(rows, "ever_reached", 2019) == (4, 4, 1.0)
    assert share(rows, "ever_reached") == (7, 8, 7 / 8)


def test_followup_coverage_per_survey_year(rows):
    # 2016 (S = 2017 … 2023): A answered 2017, 2018, 2022; B never.
    assert [share(rows, "followup_coverage", 2016, k)[:2] for k in range(1, 8)] == [
        (1, 2), (1, 2), (0, 2), (0, 2), (0, 2), (1, 2), (0, 2),
    ]
    # 2019 (S = 2020 … 2023): 2020 D, E; 2021 C, E; 2022 C; 2023 F.
    assert [share(rows, "followup_coverage", 2019, k)[:2] for k in range(1, 5)] == [
        (2, 4), (2, 4), (1, 4), (1, 4),
    ]
    # 2021 (S = 2022, 2023): K answered 2023 only.
    assert [share(rows, "followup_coverage", 2021, k) for k in (1, 2)] == [(0, 1, 0.0), (1, 1, 1.0)]
    # Only S ≤ H: no horizon beyond 2023 − Y.
    assert ("followup_coverage", 2019, "national", "all", 5) not in rows
    assert ("followup_coverage", 2016, "national", "all", 8) not in rows
    # Pooled by horizon over the cohorts that reach it:
    # k = 1: (1 + 2 + 1 + 0) / 8; k = 3: 2016, 2019, 2020: (0 + 1 + 1) / 7; k = 4: (0 + 1) / 6;
    # k = 6: 2016 only, 1 / 2.
    assert share(rows, "followup_coverage", None, 1) == (4, 8, 0.5)
    assert share(rows, "followup_coverage", None, 2) == (5, 8, 5 / 8)
    assert share(rows, "followup_coverage", None, 3) == (2, 7, 2 / 7)
    assert share(rows, "followup_coverage", None, 4) == (1, 6, 1 / 6)
    assert share(rows, "followup_coverage", None, 6) == (1, 2, 0.5)
    assert share(rows, "followup_coverage", None, 7) == (0, 2, 0.0)
    assert ("followup_coverage", None, "national", "all", 8) not in rows


def test_topnotch_rate_defined_only_when_the_horizon_is_observed(rows):
    # 2016 (h ≤ 7): A at t = 2.
    assert [share(rows, "topnotch_rate", 2016, h)[:2] for h in range(1, 8)] == [(0, 2)] + [(1, 2)] * 6
    assert national(rows, "topnotch_rate", 2016, 8) == (None, None, None, None, None)  # 2024 > H
    # 2019 (h ≤ 4): C at t = 1 (the smaller of 2021 and 2020), F at t = 3.
    assert [share(rows, "topnotch_rate", 2019, h) for h in range(1, 5)] == [
        (1, 4, 0.25), (1, 4, 0.25), (2, 4, 0.5), (2, 4, 0.5),
    ]
    assert all(share(rows, "topnotch_rate", 2019, h) == (None, None, None) for h in range(5, 9))
    # 2021: h = 1, 2 only.
    assert share(rows, "topnotch_rate", 2021, 2) == (0, 1, 0.0)
    assert share(rows, "topnotch_rate", 2021, 3) == (None, None, None)
    # Pooled over the cohorts with Y + h ≤ 2023:
    # h = 1, 2: all (0 + 1 + 0 + 0) / 8, (1 + 1 + 0 + 0) / 8; h = 3: 2016, 2019, 2020 (1 + 2 + 0) / 7;
    # h = 4: 2016, 2019 (1 + 2) / 6; h = 5 … 7: 2016, 1 / 2; h = 8: no cohort.
    assert share(rows, "topnotch_rate", None, 1) == (1, 8, 1 / 8)
    assert share(rows, "topnotch_rate", None, 2) == (2, 8, 2 / 8)
    assert share(rows, "topnotch_rate", None, 3) == (3, 7, 3 / 7)
    assert share(rows, "topnotch_rate", None, 4) == (3, 6, 0.5)
    assert share(rows, "topnotch_rate", None, 7) == (1, 2, 0.5)
    assert national(rows, "topnotch_rate", None, 8) == (None, None, None, None, None)
    assert national(rows, "topnotch_rate", None, 3)[3:] == pytest.approx(wilson(3, 7), abs=1e-12)


def test_topnotch_km_national(rows):
    # By time: 0: B censored | 1: C event, D censored | 2: A event, E and K censored |
    # 3: F event, G censored.
    # time 0: 8 at risk, 0 events (B censored after)
    # time 1: 7 at risk, 1 event (C): S = 6/7,            V = 1/(7·6)
    # time 2: 5 at risk, 1 event (A): S = 6/7 · 4/5 = 24/35, V += 1/(5·4)
    # time 3: 2 at risk, 1 event (F): S = 24/35 · 1/2 = 12/35, V += 1/(2·1)
    # time 4: nobody at risk → not estimated.
    assert all(key[1] is None for key in rows if key[0] == "topnotch_km")
    expected = {1: (1, 7, 6 / 7, 1 / 42), 2: (2, 5, 24 / 35, 1 / 42 + 1 / 20),
                3: (3, 2, 12 / 35, 1 / 42 + 1 / 20 + 1 / 2)}
    for h, (events, at_risk, survival, variance) in expected.items():
        numerator, denominator, value, low, high = national(rows, "topnotch_km", None, h)
        assert (numerator, denominator) == (events, at_risk)
        assert value == pytest.approx(1 - survival, abs=1e-12)
        assert (low, high) == pytest.approx(km_interval(survival, variance), abs=1e-12)
    for h in range(4, 9):
        assert national(rows, "topnotch_km", None, h) == (3, 0, None, None, None)


def test_topnotch_km_by_group_including_certain_event_and_no_event(rows):
    # 广东 (A t2, C t1, E c2, F t3, K c2): time 1: 1 of 5 → S = 4/5; time 2: 1 of 4 → 3/5;
    # time 3: F is the only one left and has the event: S = 0, F = 1, interval [1, 1].
    assert share(rows, "topnotch_km", None, 1, ("province", "440000"))[2] == pytest.approx(1 / 5, abs=1e-12)
    assert share(rows, "topnotch_km", None, 2, ("province", "440000"))[2] == pytest.approx(2 / 5, abs=1e-12)
    assert rows[("topnotch_km", None, "province", "440000", 3)] == (3, 1, 1.0, 1.0, 1.0)
    # 女 (B c0, D c1, E c2, K c2): no event: F = 0 with the exact zero-event interval
    # [0, 1 − 0.025^(1/n_h)] while anyone is at risk (n_1 = 3, n_2 = 2).
    assert rows[("topnotch_km", None, "gender", "女", 1)] == (0, 3, 0.0, 0.0, 1 - 0.025 ** (1 / 3))
    assert rows[("topnotch_km", None, "gender", "女", 2)] == (0, 2, 0.0, 0.0, 1 - 0.025 ** (1 / 2))
    assert rows[("topnotch_km", None, "gender", "女", 3)] == (0, 0, None, None, None)
    # A province without students: rows, nothing estimated.
    assert rows[("topnotch_km", None, "province", "660000", 1)] == (0, 0, None, None, None)


def test_basic_major_rate_with_unknown_category(rows):
    # Entered university: A, C, D, E, F, G (B no response, K 高中在读).
    # Latest non-empty major: A 数学与应用数学 (2017; later answers have no major) → 基础学科;
    # C 软件工程 (2022, not 物理学 of 2021) → 其他; D 火星学 → unknown; E given 基础学科;
    # F 计算机科学与技术 → 基础学科; G 金融学 → 其他.
    assert share(rows, "basic_major_rate", 2016) == (1, 1, 1.0)
    assert share(rows, "basic_major_rate", 2019) == (2, 3, 2 / 3)  # E, F of C, E, F
    assert share(rows, "basic_major_unknown", 2019) == (1, 4, 0.25)  # D of C, D, E, F
    assert share(rows, "basic_major_rate", 2020) == (0, 1, 0.0)
    assert share(rows, "basic_major_rate", 2021) == (0, 0, None)  # K has not entered university
    assert share(rows, "basic_major_rate") == (3, 5, 0.6)
    assert share(rows, "basic_major_unknown") == (1, 6, 1 / 6)


def test_qiangji_and_graduate_rates(rows):
    # 强基计划 among those who entered university: A (2016), F (2019).
    assert share(rows, "qiangji_rate", 2016) == (1, 1, 1.0)
    assert share(rows, "qiangji_rate", 2019) == (1, 4, 0.25)
    assert share(rows, "qiangji_rate", 2021) == (0, 0, None)
    assert share(rows, "qiangji_rate") == (2, 6, 2 / 6)
    # Graduate study only for cohorts with Y + 6 ≤ 2023, i.e. 2016: A of A, B.
    assert share(rows, "graduate_rate", 2016) == (1, 2, 0.5)
    for year in (2019, 2020, 2021):
        assert national(rows, "graduate_rate", year) == (None, None, None, None, None)
    assert share(rows, "graduate_rate") == (1, 2, 0.5)


def test_groups_every_fixed_value_and_the_universities_present(rows):
    values = {}
    for metric, _, group_type, group_value, _ in rows:
        if metric == "cohort_size":
            values.setdefault(group_type, set()).add(group_value)
    assert values["province"] == set(PROVINCE_CODES)
    assert values["mentor_title"] == set(MENTOR_TITLES)
    assert values["university"] == {"10558", "10001"}
    assert values["discipline"] == {"数学", "物理", "化学", "生物", "计算机"}
    assert values["gender"] == {"男", "女"} and values["grade"] == {"高一", "高二"}
    pooled = {(t, v): rows[("cohort_size", None, t, v, None)][2] for t in values for v in values[t]}
    # E's mentor is unknown: in no mentor_title group.
    assert pooled[("mentor_title", "院士")] == 4 and pooled[("mentor_title", "杰青")] == 3
    assert sum(pooled[("mentor_title", t)] for t in MENTOR_TITLES) == 7
    assert pooled[("university", "10558")] == 5 and pooled[("university", "10001")] == 3
    assert pooled[("gender", "男")] == 4 and pooled[("grade", "高二")] == 3
    # A unit without students has every row: size 0, rates 0 of 0.
    assert rows[("cohort_size", 2019, "province", "660000", None)][:3] == (None, None, 0)
    assert rows[("completion_rate", 2019, "province", "660000", None)] == (0, 0, None, None, None)


def test_rows_are_in_a_deterministic_order(warehouse):
    keys = query(warehouse, "SELECT metric, group_type, group_value, cohort_year, horizon FROM marts.metric_values")
    rank = {m: i for i, m in enumerate(METRICS)}
    type_rank = {t: i for i, t in enumerate(GROUP_TYPES)}
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), key=rank.get)
    national_years = [k[3] for k in keys if k[0] == "cohort_size" and k[1] == "national"]
    assert national_years == [2016, 2019, 2020, 2021, None]
    size_types = [type_rank[k[1]] for k in keys if k[0] == "cohort_size"]
    assert size_types == sorted(size_types)
    provinces = list(dict.fromkeys(k[2] for k in keys if k[0] == "cohort_size" and k[1] == "province"))
    assert provinces == list(PROVINCE_CODES)


def test_cohort_summary(warehouse):
    columns = query(warehouse, "SELECT column_name, data_type FROM duckdb_columns() "
                    "WHERE schema_name = 'marts' AND table_name = 'cohort_summary' ORDER BY column_index")
    assert columns == [(name, kind) for name, kind, _ in summary_columns("marts")]
    summary = query(warehouse, "SELECT * FROM marts.cohort_summary")
    assert [r[0] for r in summary] == [2016, 2019, 2020, 2021]
    names = [c for c, _ in columns]
    by_year = {r[0]: dict(zip(names, r, strict=True)) for r in summary}
    y2019 = by_year[2019]
    assert {k: y2019[k] for k in (
        "students", "assessment_data", "completed", "completion_rate", "excellent", "withdrew",
        "training_hours_mean", "training_hours_median", "reached", "ever_reached_rate",
        "years_of_followup", "followup_coverage_latest", "topnotch_events_4y", "topnotch_rate_4y",
        "entered_university", "basic_major_rate", "basic_major_unknown", "qiangji_rate",
        "graduate_rate",
    )} == {
        "students": 4, "assessment_data": True, "completed": 2, "completion_rate": 0.5,
        "excellent": 1, "withdrew": 1, "training_hours_mean": 3.75, "training_hours_median": 2.5,
        "reached": 4, "ever_reached_rate": 1.0, "years_of_followup": 4,
        "followup_coverage_latest": 0.25,  # F in 2023
        "topnotch_events_4y": 2, "topnotch_rate_4y": 0.5, "entered_university": 4,
        "basic_major_rate": 2 / 3, "basic_major_unknown": 1, "qiangji_rate": 0.25,
        "graduate_rate": None,
    }
    assert (y2019["topnotch_rate_4y_ci_low"], y2019["topnotch_rate_4y_ci_high"]) == pytest.approx(
        wilson(2, 4), abs=1e-12)
    y2021 = by_year[2021]
    assert (y2021["assessment_data"], y2021["completed"], y2021["completion_rate"]) == (False, None, None)
    assert (y2021["years_of_followup"], y2021["followup_coverage_latest"]) == (2, 1.0)
    assert (y2021["topnotch_rate_4y"], y2021["topnotch_events_4y"]) == (None, None)  # 2025 > H
    assert by_year[2016]["graduate_rate"] == 0.5


def test_province_year_summary(warehouse):
    columns = query(warehouse, "SELECT column_name, data_type FROM duckdb_columns() "
                    "WHERE schema_name = 'marts' AND table_name = 'province_year_summary' ORDER BY column_index")
    assert columns == [(name, kind) for name, kind, _ in (*PROVINCE_COLUMNS, *summary_columns("marts"))]
    summary = query(warehouse, "SELECT province_code, province_name, cohort_year, students, "
                    "completed, completion_rate, topnotch_rate_4y FROM marts.province_year_summary")
    assert len(summary) == 32 * 4  # every unit in every cohort year
    assert [r[0] for r in summary[::4]] == list(PROVINCE_CODES)
    rows = {(r[0], r[2]): r for r in summary}
    # 广东 2019: C 合格, E 优秀, F none; events within 4 years: C, F.
    assert rows[("440000", 2019)] == ("440000", "广东省", 2019, 3, 2, 2 / 3, 2 / 3)
    # 北京 2020: G 不合格.
    assert rows[("110000", 2020)] == ("110000", "北京市", 2020, 1, 0, 0.0, None)
    assert rows[("660000", 2016)][3:6] == (0, 0, None)
