"""The core layer: the people followed over time, and the accepted facts about them."""

from assets.sql_assets import sql_table_asset
from pipelines.contract.shipped import MAJOR_CATEGORIES_CSV, PROVINCES_CSV

ACCEPTED_AFTER_QUARANTINE = (
    " Accepted rows only: a staging row with no row_reason that is not in "
    "quarantine.rejected_rows. file_path and row_number lead back to the delivered row."
)

persons = sql_table_asset(
    "core", "persons",
    "One row per person selected into the programme (学员), keyed by person_key. "
    "cohort_year is the earliest year among the person's accepted cohort rows, and the "
    "cohort attributes (province_code, school, grade, discipline, gender, birth_date, "
    "university, mentor and mentor_title) are that row's; selected_again marks a person "
    "with accepted cohort rows in more than one year (repeat_cohort).",
    deps=[["staging", "cohort"], ["staging", "mentors"]],
)

provinces = sql_table_asset(
    "core", "provinces",
    "The 32 reporting units: 31 provinces, autonomous regions and municipalities and the "
    "新疆生产建设兵团 (660000), with GB/T 2260 code, name, short name and pinyin.",
    deps=[],
    parameters={"reference_file": str(PROVINCES_CSV)},
)
major_categories = sql_table_asset(
    "core", "major_categories",
    "Undergraduate majors mapped to 基础学科 (a major of one of the 拔尖计划2.0 "
    "disciplines, named in topnotch_discipline) or 其他; used where a survey answer gives "
    "a major but no major_category.",
    deps=[],
    parameters={"reference_file": str(MAJOR_CATEGORIES_CSV)},
)
training_activities = sql_table_asset(
    "core", "training_activities",
    "One row per training activity (培养记录): person_key, delivery year, activity_date, "
    "activity_type, hours and mentor_id." + ACCEPTED_AFTER_QUARANTINE,
    deps=[["staging", "training"], ["quarantine", "rejected_rows"]],
)
assessments = sql_table_asset(
    "core", "assessments",
    "One row per assessment result (考核): person_key, year, assessment_type (中期/结业), "
    "result (优秀/合格/不合格/退出) and date." + ACCEPTED_AFTER_QUARANTINE,
    deps=[["staging", "assessment"], ["quarantine", "rejected_rows"]],
)
applicants = sql_table_asset(
    "core", "applicants",
    "Every accepted applicant row (申请) of a year, selected or not: person_key, province, "
    "school, grade, discipline, gender, selection_score (学科潜质测试) and selected.",
    deps=[["staging", "applicants"]],
)
survey_responses = sql_table_asset(
    "core", "survey_responses",
    "One row per person and survey year (跟踪调查): status, university (matched to a "
    "university_code where possible), major, major_category (as given, else from "
    "core.major_categories; major_category_from says which), admission_route and the "
    "拔尖计划 answer (topnotch, base, year)." + ACCEPTED_AFTER_QUARANTINE,
    deps=[["staging", "followup"], ["quarantine", "rejected_rows"], ["core", "major_categories"]],
)
person_outcomes = sql_table_asset(
    "core", "person_outcomes",
    "One row per person with the outcomes of metrics.md: training hours (0 without "
    "training), completed (结业 优秀/合格), excellent, withdrew (退出), responses, latest "
    "status, entered_university, latest major and its category, qiangji (强基计划), "
    "graduate_study, the Top-Notch event year and time t = event year − cohort year, "
    "and the last observed year and censoring time c for persons without event.",
    deps=[
        ["core", "persons"], ["core", "training_activities"], ["core", "assessments"],
        ["core", "survey_responses"],
    ],
)
person_years = sql_table_asset(
    "core", "person_years",
    "The person-year panel: one row per person per year from the cohort year to the data "
    "horizon H (latest survey year): years since selection, responded and status that "
    "year, entered_university by then, the Top-Notch event in that year and whether the "
    "person is in a base, observed (year ≤ last observed year) and censored_here (the "
    "last observed year of a person without event).",
    deps=[["core", "persons"], ["core", "survey_responses"], ["core", "person_outcomes"]],
)
