"""The contract's rules that look beyond one row — duplicate_row, unknown_student,
duplicate_response, the topnotch_year/cohort-year rule, repeat_cohort, unknown_university,
unknown_mentor — through one real in-process run over a delivery made for them."""

import datetime as dt
import hashlib
import hmac

import pytest
from filemaker import write_csv, write_xlsx
from warehouse_state import query, table_checksums

from pipelines.contract.national_id import make
from pipelines.identity import KEY_FILE_NAME
from pipelines.paths import Paths
from pipelines.runner import run_pipeline

COHORT_HEADER = ["身份证号", "姓名", "性别", "省份", "中学", "年级", "学科", "培养高校", "导师编号"]
TRAINING_HEADER = ["身份证号", "活动日期", "活动类型", "学时", "导师编号"]
FOLLOWUP_HEADER = ["身份证号", "调查年份", "当前状态", "是否入选拔尖计划", "入选拔尖计划年份", "专业"]
ASSESSMENT_HEADER = ["身份证号", "考核类型", "考核结果"]


def person(n: int, born_year: int = 2004) -> str:
    return make("440106", dt.date(born_year, 1 + n % 12, 1 + n % 28), n, male=n % 2 == 1)


A, B, C, D, E, NOBODY = (person(i) for i in range(1, 7))


def cohort_row(national_id, name="学生", university="中山大学", mentor="M001", gender=None):
    gender = gender or ("男" if int(national_id[16]) % 2 else "女")
    return [national_id, name, gender, "广东", "华附", "高一", "数学", university, mentor]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules")
    inp = root / "input"
    write_csv(inp / "reference" / "universities.csv", [
        ["university_code", "name", "aliases", "province_code", "topnotch_host"],
        ["10558", "中山大学", "中大;Sun Yat-sen University", "440000", "true"],
        ["10001", "北京大学", "北大", "110000", "true"],
    ])
    write_csv(inp / "reference" / "mentors.csv", [
        ["mentor_id", "name", "university_code", "discipline", "title"],
        ["M001", "王老师", "10558", "数学", "杰青"],
    ])
    write_csv(inp / "reference" / "topnotch_bases.csv", [
        ["university_code", "discipline", "batch_year"], ["10001", "数学", "2019"],
    ])
    # 2019: A, B, C selected; C's row names an unknown university and an unknown mentor.
    write_csv(inp / "2019" / "cohort_a.csv", [
        COHORT_HEADER, cohort_row(A, "甲"), cohort_row(B, "乙", university="中大"),
        cohort_row(C, "丙", university="火星大学", mentor="M999"),
    ])
    # The same row as B's again in a later file, spelled differently: duplicate_row.
    write_csv(inp / "2019" / "cohort_b.csv", [
        COHORT_HEADER, [B[:6] + " " + B[6:].lower(), "乙", "男" if int(B[16]) % 2 else "女",
                        "广东省", "华附", "10", "Mathematics", "中大", "M001"],
    ])
    # 2020: A selected again (repeat_cohort); D selected for the first time.
    write_xlsx(inp / "2020" / "学员名单.xlsx", [COHORT_HEADER, cohort_row(A, "甲"), cohort_row(D, "丁")])
    # 2019 training: A (known), D (selected only in 2020: unknown in 2019), NOBODY twice.
    write_csv(inp / "2019" / "training.csv", [
        TRAINING_HEADER,
        [A, "2019-05-01", "讲座", "2", "M001"],
        [D, "2019-05-01", "讲座", "2", "M001"],
        [NOBODY, "2019-05-02", "讲座", "2", ""],
        [NOBODY, "2019-05-02", "讲座", "2", ""],
        [A, "2019-05-03", "讲座", "2", "M404"],
    ])
    write_csv(inp / "2019" / "assessment.csv", [ASSESSMENT_HEADER, [A, "结业", "优秀"], [NOBODY, "结业", "合格"]])
    # 2021 follow-up: A answers twice (the earlier answer is superseded), B's later answer
    # is out of range so B's earlier one stands, C's topnotch_year precedes the cohort.
    write_csv(inp / "2021" / "followup_1.csv", [
        FOLLOWUP_HEADER,
        [A, "2021", "高中在读", "否", "", ""],
        [B, "2021", "本科在读", "否", "", "数学与应用数学"],
        [C, "2021", "本科在读", "是", "2018", "物理学"],
    ])
    write_csv(inp / "2021" / "followup_2.csv", [
        FOLLOWUP_HEADER,
        [A, "2021", "本科在读", "否", "", "物理学"],
        [B, "2020", "本科在读", "否", "", "化学"],
    ])
    paths = Paths(input_dir=str(inp), output_dir=str(root / "output"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    return paths


def rejected(paths, file_path):
    return query(
        paths.warehouse,
        "SELECT row_number, reason, column_name FROM quarantine.rejected_rows "
        "WHERE file_path = ? ORDER BY row_number", [file_path],
    )


def warnings(paths, file_path):
    return query(
        paths.warehouse,
        "SELECT row_number, reason, column_name FROM audit.row_warnings "
        "WHERE file_path = ? ORDER BY row_number, reason", [file_path],
    )


def test_duplicate_row_identical_after_normalisation_in_a_later_file(run):
    assert rejected(run, "2019/cohort_a.csv") == []
    assert rejected(run, "2019/cohort_b.csv") == [(2, "duplicate_row", None)]


def test_unknown_student_not_in_any_cohort_of_this_or_an_earlier_year(run):
    # Row 3: D is selected only in 2020. Row 4: NOBODY; row 5 repeats row 4, and
    # duplicate_row comes before unknown_student in the contract's precedence.
    assert rejected(run, "2019/training.csv") == [
        (3, "unknown_student", "national_id"),
        (4, "unknown_student", "national_id"),
        (5, "duplicate_row", None),
    ]
    assert rejected(run, "2019/assessment.csv") == [(3, "unknown_student", "national_id")]


def test_duplicate_response_rejects_the_earlier_response(run):
    assert (2, "duplicate_response", None) in rejected(run, "2021/followup_1.csv")
    kept = query(
        run.warehouse,
        "SELECT s.status FROM staging.followup s ANTI JOIN quarantine.rejected_rows q "
        "USING (file_path, row_number) WHERE s.person_key = "
        "(SELECT person_key FROM restricted.identities WHERE national_id = ?)", [A],
    )
    assert kept == [("本科在读",)]


def test_duplicate_response_counts_only_responses_that_pass_the_earlier_rules(run):
    assert rejected(run, "2021/followup_2.csv") == [(3, "out_of_range", "survey_year")]
    assert (3, "duplicate_response", None) not in rejected(run, "2021/followup_1.csv")


def test_topnotch_year_before_the_cohort_year_is_out_of_range(run):
    assert (4, "out_of_range", "topnotch_year") in rejected(run, "2021/followup_1.csv")


def test_repeat_cohort_warns_and_the_earliest_cohort_year_stands(run):
    assert warnings(run, "2020/学员名单.xlsx") == [(2, "repeat_cohort", None)]
    assert query(
        run.warehouse,
        "SELECT p.cohort_year, p.selected_again FROM core.persons p "
        "JOIN restricted.identities i USING (person_key) WHERE i.national_id = ?", [A],
    ) == [(2019, True)]


def test_unknown_university_and_unknown_mentor_warn_and_keep_the_row(run):
    assert warnings(run, "2019/cohort_a.csv") == [
        (4, "unknown_mentor", "mentor_id"),
        (4, "unknown_university", "university"),
    ]
    assert warnings(run, "2019/training.csv") == [(6, "unknown_mentor", "mentor_id")]
    assert attributes(run, B) == ("10558", "杰青")   # matched through the alias 中大
    assert attributes(run, C) == (None, None)


def attributes(paths, national_id):
    (row,) = query(
        paths.warehouse,
        "SELECT university_code, mentor_title FROM core.persons JOIN restricted.identities "
        "USING (person_key) WHERE national_id = ?", [national_id],
    )
    return row


def test_every_file_accounts_for_every_row(run):
    rows = query(
        run.warehouse,
        "SELECT file_path, rows_read, rows_loaded, rows_rejected FROM audit.file_ingest "
        "WHERE year IS NOT NULL ORDER BY file_path",
    )
    assert rows == [
        ("2019/assessment.csv", 2, 1, 1),
        ("2019/cohort_a.csv", 3, 3, 0),
        ("2019/cohort_b.csv", 1, 0, 1),
        ("2019/training.csv", 5, 2, 3),
        ("2020/学员名单.xlsx", 2, 2, 0),
        ("2021/followup_1.csv", 3, 1, 2),
        ("2021/followup_2.csv", 2, 1, 1),
    ]


def test_years_staged_together_or_alone_give_the_same_rows(tmp_path, monkeypatch):
    """Staging takes small years together (COMMIT_ROWS). A row repeated in
    its own year is a duplicate_row; the same row in another year is not, whether the two
    years are staged in one batch (the default here) or one year at a time."""
    from assets import staging
    from pipelines.staging.sources import year_batches
    from pipelines.warehouse import connect

    monkeypatch.setenv("YINGCAI_PSEUDONYM_KEY", "k" * 64)  # one key for both warehouses
    row = [A, "中期", "优秀"]

    def deliver(root):
        write_csv(root / "2019" / "cohort.csv", [COHORT_HEADER, cohort_row(A)])
        write_csv(root / "2019" / "assessment.csv", [ASSESSMENT_HEADER, row, row])
        write_csv(root / "2020" / "assessment.csv", [ASSESSMENT_HEADER, row])
        write_csv(root / "2021" / "assessment.csv", [ASSESSMENT_HEADER, row, [A, "结业", "合格"]])

    outputs = {}
    for name, stage_rows in (("together", staging.COMMIT_ROWS), ("alone", 1)):
        monkeypatch.setattr(staging, "COMMIT_ROWS", stage_rows)
        paths = Paths(input_dir=str(tmp_path / name / "input"), output_dir=str(tmp_path / name / "output"))
        deliver(paths.input)
        outcome = run_pipeline(paths)
        assert outcome.success, outcome.failure
        with connect(paths.warehouse, read_only=True) as con:
            batches = year_batches(con, "assessment", [2019, 2020, 2021], stage_rows)
        outputs[name] = (batches, table_checksums(paths.warehouse, ignore_columns=("ingested_at",)))
    assert outputs["together"][0] == [[2019, 2020, 2021]]
    assert outputs["alone"][0] == [[2019], [2020], [2021]]
    assert outputs["together"][1] == outputs["alone"][1]
    # The key came from the environment: every person_key is its HMAC, and no key file.
    assert not (tmp_path / "alone" / "output" / KEY_FILE_NAME).exists()
    assert query(str(tmp_path / "alone" / "output" / "warehouse.duckdb"), "SELECT person_key FROM core.persons") == [
        (hmac.new(b"k" * 64, A.encode(), hashlib.sha256).hexdigest(),)
    ]
    assert query(
        str(tmp_path / "alone" / "output" / "warehouse.duckdb"),
        "SELECT year, row_number, row_reason FROM staging.assessment ORDER BY ALL",
    ) == [(2019, 2, None), (2019, 3, "duplicate_row"), (2020, 2, None), (2021, 2, None), (2021, 3, None)]


def test_year_batches_hold_neighbouring_years_up_to_the_limit(tmp_path):
    import duckdb

    from pipelines.staging.sources import year_batches

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA raw; CREATE TABLE raw.training (year INTEGER)")
    for year, rows in ((2013, 3), (2015, 2), (2016, 6), (2017, 1)):
        con.execute("INSERT INTO raw.training SELECT ? FROM range(?)", [year, rows])
    # 2014 has no rows (its staging rows are still replaced); 2016 alone is over the limit.
    assert year_batches(con, "training", [2013, 2014, 2015, 2016, 2017], 5) == [
        [2013, 2014, 2015], [2016], [2017]
    ]
    assert year_batches(con, "training", [2013, 2017], 5) == [[2013, 2017]]
