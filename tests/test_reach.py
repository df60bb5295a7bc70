"""marts.annual_reach on a delivery small enough to count by hand: six students in two
cohorts, surveyed in 2020 and 2022, through one real in-process run.

    person  cohort  unit  gender  school  university         mentor (title)
    A       2019    广东  女      一中    中山大学 10558       M001 (院士)
    B       2019    广东  男      二中    中山大学 10558       M002 (杰青)
    C       2019    北京  女      一中    北京大学 10001       M003 (杰青)
    D       2019    广东  女      一中    火星大学 (unknown)   M999 (not in mentors.csv)
    E       2021    北京  男      一中    北京大学 10001       M002 (杰青)
    F       2021    北京  女      四中    北京大学 10001       M002 (杰青)

Responses: survey year 2020: A, C; survey year 2022: A, E. No survey in 2019 or 2021.
Years 2019 … 2022 (H = 2022).

Schools are names within a unit: 一中 of 广东 and 一中 of 北京 are two schools, so the
nation's 2019 cohort reached three. D's university matches no reference name: not a
university reached. M999 is a mentor (导师编号 delivered) without a title: counted among
all mentors, under no title.
"""

import datetime as dt
import math

import pytest
from filemaker import write_csv, write_two_university_reference
from warehouse_state import query

from pipelines.contract.national_id import make
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

COHORT_HEADER = ["身份证号", "姓名", "性别", "省份", "中学", "年级", "学科", "培养高校", "导师编号"]
FOLLOWUP_HEADER = [
    "身份证号", "调查年份", "当前状态", "就读高校", "专业", "专业类别", "录取方式",
    "是否入选拔尖计划", "入选拔尖计划年份",
]
GIRL = {"A": True, "B": False, "C": True, "D": True, "E": False, "F": True}
ID = {
    name: make("440106", dt.date(2002 + i % 3, 1 + i, 4 + i), 20 + i, male=not GIRL[name])
    for i, name in enumerate(GIRL)
}
GUANGDONG, BEIJING = "440000", "110000"
MEASURES_PER_GROUP = 6 + len(MENTOR_TITLES)  # students … survey_response_rate, mentors by title
Z = 1.959963984540054  # the 97.5% normal quantile


def wilson(x: int, n: int) -> tuple[float, float]:
    """The Wilson score interval, written out here independently of the code under test."""
    p = x / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def student(name, province, school, university, mentor):
    return [ID[name], "学生" + name, "女" if GIRL[name] else "男", province, school, "高一", "数学",
            university, mentor]


def response(name, year):
    return [ID[name], year, "本科在读", "", "", "", "统招", "否", ""]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("reach")
    inp = root / "input"
    write_two_university_reference(inp, [
        ["M001", "王老师", "10558", "数学", "院士"],
        ["M002", "李老师", "10001", "数学", "杰青"],
        ["M003", "张老师", "10001", "数学", "杰青"],
    ])
    write_csv(inp / "2019" / "cohort.csv", [
        COHORT_HEADER,
        student("A", "广东", "一中", "中山大学", "M001"),
        student("B", "广东", "二中", "中山大学", "M002"),
        student("C", "北京", "一中", "北京大学", "M003"),
        student("D", "广东", "一中", "火星大学", "M999"),
    ])
    write_csv(inp / "2020" / "followup.csv", [FOLLOWUP_HEADER, response("A", 2020), response("C", 2020)])
    write_csv(inp / "2021" / "cohort.csv", [
        COHORT_HEADER,
        student("E", "北京", "一中", "北京大学", "M002"),
        student("F", "北京", "四中", "北京大学", "M002"),
    ])
    write_csv(inp / "2022" / "followup.csv", [FOLLOWUP_HEADER, response("A", 2022), response("E", 2022)])
    paths = Paths(input_dir=str(inp), output_dir=str(root / "output"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    assert query(paths.warehouse, "SELECT count(*) FROM quarantine.rejected_rows") == [(0,)]
    return paths


@pytest.fixture(scope="module")
def reach(warehouse):
    """(year, group_value, measure, detail) → (numerator, denominator, value, ci_low, ci_high)."""
    table = query(warehouse.warehouse, "SELECT * FROM marts.annual_reach")
    found = {(r[0], r[2], r[3], r[4]): r[5:] for r in table}
    assert len(found) == len(table)
    return found


def count(reach, year, unit, measure, detail=None):
    numerator, denominator, value, low, high = reach[(year, unit, measure, detail)]
    assert (numerator, denominator, low, high) == (None, None, None, None)
    return value


def test_every_year_from_the_first_cohort_to_h_has_the_nation_and_all_32_units(reach, warehouse):
    years = {y for y, *_ in reach}
    assert years == {2019, 2020, 2021, 2022}
    units = {g for _, g, *_ in reach}
    assert units == {"all", *PROVINCE_CODES}
    assert len(reach) == 4 * 33 * MEASURES_PER_GROUP
    group_types = dict(query(warehouse.warehouse, "SELECT DISTINCT group_value, group_type FROM marts.annual_reach"))
    assert group_types["all"] == "national" and {group_types[c] for c in PROVINCE_CODES} == {"province"}


def test_students_count_the_persons_of_each_cohort_per_unit(reach):
    assert count(reach, 2019, "all", "students") == 4
    assert count(reach, 2019, GUANGDONG, "students") == 3
    assert count(reach, 2019, BEIJING, "students") == 1
    assert count(reach, 2021, "all", "students") == 2
    assert count(reach, 2021, BEIJING, "students") == 2
    assert count(reach, 2021, GUANGDONG, "students") == 0
    assert count(reach, 2020, "all", "students") == 0  # a survey year without a cohort
    assert count(reach, 2019, "310000", "students") == 0


def test_girls_share_is_girls_among_students_with_its_wilson_interval(reach):
    assert reach[(2019, "all", "girls_share", None)] == pytest.approx((3, 4, 0.75, *wilson(3, 4)))
    assert reach[(2019, GUANGDONG, "girls_share", None)] == pytest.approx((2, 3, 2 / 3, *wilson(2, 3)))
    assert reach[(2019, BEIJING, "girls_share", None)] == pytest.approx((1, 1, 1.0, *wilson(1, 1)))
    assert reach[(2021, BEIJING, "girls_share", None)] == pytest.approx((1, 2, 0.5, *wilson(1, 2)))
    assert reach[(2020, "all", "girls_share", None)] == (0, 0, None, None, None)


def test_schools_are_counted_within_their_unit(reach):
    assert count(reach, 2019, GUANGDONG, "schools") == 2  # 一中, 二中
    assert count(reach, 2019, BEIJING, "schools") == 1
    assert count(reach, 2019, "all", "schools") == 3  # 广东 一中 and 北京 一中 are two schools
    assert count(reach, 2021, "all", "schools") == 2


def test_universities_are_the_distinct_matched_training_universities(reach):
    assert count(reach, 2019, "all", "universities") == 2  # D's 火星大学 matches none
    assert count(reach, 2019, GUANGDONG, "universities") == 1
    assert count(reach, 2021, "all", "universities") == 1


def test_mentors_are_distinct_mentor_ids_in_all_and_by_title(reach):
    assert count(reach, 2019, "all", "mentors") == 4  # M001, M002, M003, M999
    assert count(reach, 2019, "all", "mentors", "院士") == 1
    assert count(reach, 2019, "all", "mentors", "杰青") == 2
    assert count(reach, 2019, GUANGDONG, "mentors") == 3  # M001, M002, M999
    assert count(reach, 2019, GUANGDONG, "mentors", "杰青") == 1
    assert count(reach, 2021, "all", "mentors") == 1  # E and F share M002
    assert count(reach, 2021, BEIJING, "mentors", "杰青") == 1
    assert {count(reach, 2019, "all", "mentors", t) for t in MENTOR_TITLES if t not in ("院士", "杰青")} == {0}


def test_survey_response_rate_is_alumni_who_responded_among_the_units_earlier_cohorts(reach):
    # 2020: alumni are the 2019 cohort (A, B, C, D); A and C responded
    assert reach[(2020, "all", "survey_response_rate", None)] == pytest.approx((2, 4, 0.5, *wilson(2, 4)))
    assert reach[(2020, GUANGDONG, "survey_response_rate", None)] == pytest.approx((1, 3, 1 / 3, *wilson(1, 3)))
    assert reach[(2020, BEIJING, "survey_response_rate", None)] == pytest.approx((1, 1, 1.0, *wilson(1, 1)))
    # 2022: alumni are both cohorts; A and E responded
    assert reach[(2022, "all", "survey_response_rate", None)] == pytest.approx((2, 6, 1 / 3, *wilson(2, 6)))
    assert reach[(2022, GUANGDONG, "survey_response_rate", None)] == pytest.approx((1, 3, 1 / 3, *wilson(1, 3)))
    assert reach[(2022, BEIJING, "survey_response_rate", None)] == pytest.approx((1, 3, 1 / 3, *wilson(1, 3)))
    # a unit without alumni in a survey year: counted, no rate
    assert reach[(2022, "310000", "survey_response_rate", None)] == (0, 0, None, None, None)


def test_survey_response_rate_is_undefined_in_a_year_without_a_survey(reach):
    for year in (2019, 2021):
        for unit in ("all", GUANGDONG, BEIJING):
            assert reach[(year, unit, "survey_response_rate", None)] == (None,) * 5


def test_the_internal_reach_table_is_published_to_analysts_unsuppressed(warehouse):
    sql = "SELECT * FROM marts.annual_reach ORDER BY ALL"
    assert query(warehouse.output / "analytics.duckdb", sql) == query(warehouse.warehouse, sql)
