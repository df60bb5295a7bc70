"""The selection (applicant) metrics and the three-cohort rows of marts.metric_values, on
the hand-built delivery of test_metrics_hand_built.py (cohorts 2016, 2019, 2020, 2021;
H = 2023) with applicant files added, through one real in-process run.

Applicants (score, selected; the row that counts is the person's latest of the year, in
file-name then row order):

    2017/applicants.csv (no cohort in 2017)
      P9  化学 广东 高一 77 否      P10 化学 广东 高二 66 否
    2019/applicants_a.csv
      Q   数学 广东 高一 95 否      (superseded by Q's row in applicants_b.csv)
    2019/applicants_b.csv
      C   数学 广东 高一 90 是      P2  数学 广东 高二 85 是 (no cohort row)
      P3  数学 北京 高一 80 否      F   数学 广东 高二 75 是 (cohort discipline 计算机)
      P5  数学 广东 高一 70 否      P8  数学 北京 高二 65 否
      D   数学 北京 高二 60 是      P7  数学 广东 高一 55 否
      Q   化学 北京 高二 50 否      R   生物 广东 高一 40 否 (superseded by R's next row)
      E   生物 广东 高一 92 是      R   生物 广东 高一 88 是 (no cohort row)
    2020/applicants.csv
      G   数学 北京 高一 80 是      C   物理 北京 高二 70 是 (C's accepted 2020 cohort row: a repeat)
      P3  数学 北京 高一 60 否      K   物理 广东 高一 65 是 (cohort 2021, not 2020)

2019 数学, the cut-off: misplaced applicants (selected below c + passed over at or
above c) for c = 55 … 90 are 4, 3, 4, 3, 2, 3, 2, 3: the fewest, 2, at c = 75 and c = 85,
so the cut-off is 75 (the lowest on a tie). D (60) was selected below it and P3 (80)
passed over above it; the lowest selected score is 60.
"""

import datetime as dt
import math
from statistics import median

import pytest
from filemaker import write_csv
from test_metrics_hand_built import ID, MALE as COHORT_MALE, run_hand_built, wilson
from warehouse_state import query

from pipelines.contract.national_id import make
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.registry.editions import NO_APPLICANTS_DATA
from pipelines.registry.metrics import APPLICANT_GROUP_TYPES, REGISTRY, THREE_COHORTS

APPLICANT_HEADER = ["身份证号", "姓名", "性别", "省份", "中学", "年级", "学科", "选拔成绩", "是否入选"]
NEW_PERSONS = {"P2": True, "P3": False, "P5": True, "P7": False, "P8": True, "P9": False, "P10": True,
               "Q": False, "R": True}
APPLICANT_ID = {
    **ID,
    **{name: make("110101", dt.date(2003, 1 + i, 1 + i), 20 + i, male=male)
       for i, (name, male) in enumerate(NEW_PERSONS.items())},
}
MALE = {**COHORT_MALE, **NEW_PERSONS}

SELECTION = [
    "applicants", "selection_rate", "selection_score_median", "selected_score_median",
    "selected_in_cohort_rate",
]
PER_DISCIPLINE = ["selection_cutoff", "selected_score_min"]


def applicant(name, discipline, province, grade, score, selected):
    return [APPLICANT_ID[name], "学生" + name, "男" if MALE[name] else "女", province, "二中", grade,
            discipline, score, "是" if selected else "否"]


def write_applicants(inp) -> None:
    """The applicant files of the module docstring."""
    write_csv(inp / "2017" / "applicants.csv", [
        APPLICANT_HEADER,
        applicant("P9", "化学", "广东", "高一", 77, False),
        applicant("P10", "化学", "广东", "高二", 66, False),
    ])
    write_csv(inp / "2019" / "applicants_a.csv", [
        APPLICANT_HEADER, applicant("Q", "数学", "广东", "高一", 95, False),
    ])
    write_csv(inp / "2019" / "applicants_b.csv", [
        APPLICANT_HEADER,
        applicant("C", "数学", "广东", "高一", 90, True),
        applicant("P2", "数学", "广东", "高二", 85, True),
        applicant("P3", "数学", "北京", "高一", 80, False),
        applicant("F", "数学", "广东", "高二", 75, True),
        applicant("P5", "数学", "广东", "高一", 70, False),
        applicant("P8", "数学", "北京", "高二", 65, False),
        applicant("D", "数学", "北京", "高二", 60, True),
        applicant("P7", "数学", "广东", "高一", 55, False),
        applicant("Q", "化学", "北京", "高二", 50, False),
        applicant("R", "生物", "广东", "高一", 40, False),
        applicant("E", "生物", "广东", "高一", 92, True),
        applicant("R", "生物", "广东", "高一", 88, True),
    ])
    write_csv(inp / "2020" / "applicants.csv", [
        APPLICANT_HEADER,
        applicant("G", "数学", "北京", "高一", 80, True),
        applicant("C", "物理", "北京", "高二", 70, True),
        applicant("P3", "数学", "北京", "高一", 60, False),
        applicant("K", "物理", "广东", "高一", 65, True),
    ])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return run_hand_built(tmp_path_factory.mktemp("selection"), write_applicants)


@pytest.fixture(scope="module")
def rows(warehouse):
    """(metric, cohort_year, group_type, group_value, horizon, cohorts_pooled) →
    (numerator, denominator, value, ci_low, ci_high)."""
    table = query(warehouse, "SELECT * FROM marts.metric_values")
    by_key = {tuple(r[:6]): tuple(r[6:]) for r in table}
    assert len(by_key) == len(table)
    return by_key


def row(rows, metric, year, group=("national", "all"), horizon=None, pooled=None):
    """A row's (numerator, denominator, value, ci_low, ci_high); `pooled` defaults to 1
    for a year and NULL for the pooled row."""
    cohorts_pooled = pooled if pooled is not None else (1 if year is not None else None)
    return rows[(metric, year, *group, horizon, cohorts_pooled)]


# --- applicants: one person once per year, their latest row --------------------------------

def test_applicants_count_a_person_once_per_year_by_the_latest_row(rows):
    assert [row(rows, "applicants", y)[:3] for y in (2017, 2019, 2020)] == [
        (None, None, 2), (None, None, 11), (None, None, 4)]
    # Q's latest 2019 row is 化学 北京 高二 (applicants_b.csv after applicants_a.csv).
    assert row(rows, "applicants", 2019, ("discipline", "数学"))[2] == 8  # not Q
    assert row(rows, "applicants", 2019, ("discipline", "化学"))[2] == 1  # Q
    assert row(rows, "applicants", 2019, ("province", "110000"))[2] == 4  # P3, P8, D, Q
    assert row(rows, "applicants", 2019, ("province", "440000"))[2] == 7
    # R's later row in the same file (88, selected) counts, not the earlier one (40, not).
    assert row(rows, "selection_rate", 2019, ("discipline", "生物"))[:3] == (2, 2, 1.0)


def test_groups_come_from_the_applicant_row(rows):
    # F (cohort discipline 计算机) and D (化学) applied in 数学: counted there.
    assert row(rows, "applicants", 2019, ("discipline", "计算机"))[2] == 0
    assert row(rows, "selection_rate", 2019, ("discipline", "数学"))[:3] == (4, 8, 0.5)
    # C applied in 2020 as 物理 北京 高二 (their cohort row: 2019, 数学, 广东, 高一).
    assert row(rows, "applicants", 2020, ("province", "110000"))[2] == 3  # G, C, P3
    assert row(rows, "applicants", 2020, ("grade", "高二"))[2] == 1
    assert row(rows, "applicants", 2019, ("gender", "男"))[2] == sum(
        MALE[n] for n in ("Q", "C", "P2", "P3", "F", "P5", "P8", "D", "P7", "R", "E"))
    for metric in (*SELECTION, *PER_DISCIPLINE):
        expected = set(REGISTRY.metric(metric).groupings)
        assert {k[2] for k in rows if k[0] == metric} == expected, metric
    assert set(APPLICANT_GROUP_TYPES) == {"national", "province", "discipline", "gender", "grade"}
    assert {k[3] for k in rows if k[0] == "applicants" and k[2] == "province"} == set(PROVINCE_CODES)


def test_selection_rate_with_its_wilson_interval(rows):
    numerator, denominator, value, low, high = row(rows, "selection_rate", 2019)
    assert (numerator, denominator, value) == (6, 11, 6 / 11)  # C, P2, F, D, E, R
    assert (low, high) == pytest.approx(wilson(6, 11), abs=1e-12)
    assert row(rows, "selection_rate", 2017)[:4] == (0, 2, 0.0, 0.0)
    assert row(rows, "selection_rate", 2017)[4] == pytest.approx(wilson(0, 2)[1], abs=1e-12)
    assert row(rows, "selection_rate", 2019, ("province", "110000"))[:3] == (1, 4, 0.25)  # D
    assert row(rows, "selection_rate", 2019, ("province", "440000"))[:3] == (5, 7, 5 / 7)


def test_score_medians(rows):
    scores_2019 = [50, 90, 85, 80, 75, 70, 65, 60, 55, 88, 92]
    assert row(rows, "selection_score_median", 2019)[:3] == (None, 11, median(scores_2019))  # 75
    # Of the selected: 60, 75, 85, 88, 90, 92: (85 + 88) / 2.
    assert row(rows, "selected_score_median", 2019)[:3] == (None, 6, 86.5)
    assert row(rows, "selected_score_median", 2017)[:3] == (None, 0, None)  # nobody selected
    assert row(rows, "selection_score_median", 2020, ("discipline", "物理"))[:3] == (None, 2, 67.5)
    for metric in ("selection_score_median", "selected_score_median"):
        assert row(rows, metric, 2019)[3:] == (None, None)  # no interval


def test_selected_in_cohort_rate(rows):
    # 2019: C, F, D, E have an accepted 2019 cohort row; P2 and R do not.
    numerator, denominator, value, low, high = row(rows, "selected_in_cohort_rate", 2019)
    assert (numerator, denominator, value) == (4, 6, 4 / 6)
    assert (low, high) == pytest.approx(wilson(4, 6), abs=1e-12)
    # 2020: G's cohort row and C's repeat row are accepted rows of 2020; K's is of 2021.
    assert row(rows, "selected_in_cohort_rate", 2020)[:3] == (2, 3, 2 / 3)
    assert row(rows, "selected_in_cohort_rate", 2017)[:5] == (0, 0, None, None, None)


def test_cutoff_with_a_committee_exception_and_a_tie(rows):
    # 数学 2019: the fewest misplaced (2) at c = 75 and c = 85: the lowest, 75.
    assert row(rows, "selection_cutoff", 2019, ("discipline", "数学"))[:3] == (None, 8, 75.0)
    # D, selected at 60, lies below the line.
    assert row(rows, "selected_score_min", 2019, ("discipline", "数学"))[:3] == (None, 8, 60.0)
    assert row(rows, "selection_cutoff", 2019, ("discipline", "生物"))[:3] == (None, 2, 88.0)
    assert row(rows, "selected_score_min", 2019, ("discipline", "生物"))[:3] == (None, 2, 88.0)
    # Nobody selected: the line that misplaces nobody lies above the best passed over.
    assert row(rows, "selection_cutoff", 2019, ("discipline", "化学"))[:3] == (None, 1, 50.0)
    assert row(rows, "selected_score_min", 2019, ("discipline", "化学"))[:3] == (None, 1, None)
    assert row(rows, "selection_cutoff", 2017, ("discipline", "化学"))[:3] == (None, 2, 77.0)
    # No applicant of the discipline: no line.
    assert row(rows, "selection_cutoff", 2019, ("discipline", "计算机"))[:3] == (None, 0, None)


def test_cutoff_matches_its_definition_by_brute_force(rows):
    """The cut-off of metrics.md computed plainly from the applicants of 2019 数学."""
    applicants = [(90, True), (85, True), (80, False), (75, True), (70, False), (65, False),
                  (60, True), (55, False)]
    misplaced = {c: sum((s >= c) != chosen for s, chosen in applicants) for c, _ in applicants}
    best = min(misplaced.values())
    assert sorted(c for c, m in misplaced.items() if m == best) == [75, 85]
    assert row(rows, "selection_cutoff", 2019, ("discipline", "数学"))[2] == min(
        c for c, m in misplaced.items() if m == best)


def test_cutoff_and_minimum_per_year_and_discipline_only(rows):
    keys = [k for k in rows if k[0] in PER_DISCIPLINE]
    assert {k[2] for k in keys} == {"discipline"}
    assert all(k[1] is not None and k[5] == 1 for k in keys)  # no pooled row
    assert not REGISTRY.metric("selection_cutoff").published
    assert not REGISTRY.metric("selected_score_min").published
    assert all(REGISTRY.metric(m).published for m in SELECTION)


def test_years_without_applicants_data_have_undefined_rows(rows):
    # Every cohort year or application year has rows; 2016 and 2021 have no applicants.
    assert {k[1] for k in rows if k[0] == "applicants"} == {2016, 2017, 2019, 2020, 2021, None}
    for metric in (*SELECTION, *PER_DISCIPLINE):
        group = ("discipline", "数学") if metric in PER_DISCIPLINE else ("national", "all")
        for year in (2016, 2021):
            assert row(rows, metric, year, group) == (None, None, None, None, None), (metric, year)
        assert REGISTRY.metric(metric).undefined_reason == NO_APPLICANTS_DATA


def test_pooled_rows_count_applications_over_the_application_years(rows):
    # 2 + 11 + 4: P3 applied in 2019 and 2020 and counts once in each.
    assert row(rows, "applicants", None)[:3] == (None, None, 17)
    numerator, denominator, value, low, high = row(rows, "selection_rate", None)
    assert (numerator, denominator, value) == (9, 17, 9 / 17)
    assert (low, high) == pytest.approx(wilson(9, 17), abs=1e-12)
    assert row(rows, "selected_in_cohort_rate", None)[:3] == (6, 9, 6 / 9)
    scores = [77, 66, 50, 90, 85, 80, 75, 70, 65, 60, 55, 88, 92, 80, 70, 60, 65]
    selected = [90, 85, 75, 60, 92, 88, 80, 70, 65]
    assert row(rows, "selection_score_median", None)[:3] == (None, 17, median(scores))
    assert row(rows, "selected_score_median", None)[:3] == (None, 9, median(selected))
    assert row(rows, "applicants", None, ("province", "110000"))[2] == 4 + 3
    assert row(rows, "applicants", None, ("province", "650000"))[:3] == (None, None, 0)


def test_the_cohort_figures_and_summaries_are_those_without_applicants(warehouse, rows):
    assert row(rows, "cohort_size", 2019)[2] == 4
    assert query(warehouse, "SELECT cohort_year FROM marts.cohort_summary") == [
        (2016,), (2019,), (2020,), (2021,)]  # no row for the application year 2017


# --- three-cohort rows ------------------------------------------------------------------------

def three(rows, metric, horizon=None, group=("national", "all")):
    return {k[1]: v for k, v in rows.items()
            if k[0] == metric and k[4] == horizon and k[5] == THREE_COHORTS and k[2:4] == group}


def test_three_cohort_rows_sum_the_last_three_defined_cohorts(rows):
    # topnotch_rate at h = 1 and 2: cohorts 2016, 2019, 2020, 2021 defined (Y + h ≤ 2023);
    # the last three hold 4 + 1 + 1 persons and one event within 2 years (C, t = 1).
    for h in (1, 2):
        ((year, (numerator, denominator, value, low, high)),) = three(rows, "topnotch_rate", h).items()
        assert (year, numerator, denominator, value) == (2021, 1, 6, 1 / 6)
        assert (low, high) == pytest.approx(wilson(1, 6), abs=1e-12)
    # h = 3: 2021 + 3 > H, so 2016, 2019, 2020: A (t = 2), C, F of 2 + 4 + 1.
    ((year, figures),) = three(rows, "topnotch_rate", 3).items()
    assert (year, *figures[:3]) == (2020, 3, 7, 3 / 7)
    assert figures[3:] == pytest.approx(wilson(3, 7), abs=1e-12)
    assert three(rows, "topnotch_rate", 3, ("province", "440000"))[2020][:3] == (3, 4, 0.75)
    assert three(rows, "topnotch_rate", 3, ("province", "110000"))[2020][:3] == (0, 3, 0.0)
    assert three(rows, "topnotch_rate", 3, ("province", "660000"))[2020] == (0, 0, None, None, None)
    # qiangji_rate: defined for every cohort; 2019–2021: F of C, D, E, F, G entered.
    ((year, figures),) = three(rows, "qiangji_rate").items()
    assert (year, *figures[:3]) == (2021, 1, 5, 0.2)
    assert figures[3:] == pytest.approx(wilson(1, 5), abs=1e-12)


def test_no_three_cohort_row_with_fewer_than_three_defined_cohorts(rows):
    for h in range(4, 9):  # h = 4: only 2016 and 2019 are observed so long
        assert three(rows, "topnotch_rate", h) == {}, h
    assert three(rows, "graduate_rate") == {}  # Y + 6 ≤ 2023: 2016 only


def test_three_cohort_rows_only_for_their_metrics_and_groups(rows):
    keys = [k for k in rows if k[5] == THREE_COHORTS]
    assert {k[0] for k in keys} == {m for m in REGISTRY.pooled_three()} - {"graduate_rate"}
    assert set(REGISTRY.pooled_three()) == {"topnotch_rate", "qiangji_rate", "graduate_rate"}
    assert {k[2] for k in keys} == {"national", "province"}
    assert len({k[3] for k in keys if k[2] == "province"}) == len(PROVINCE_CODES)
    assert all(not math.isnan(v[2]) for k, v in rows.items() if k in keys and v[2] is not None)
