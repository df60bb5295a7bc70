"""The core layer: the people followed over time, and the accepted facts about them."""

from assets.sql_assets import sql_table_asset

persons = sql_table_asset(
    "core", "persons",
    "One row per person selected into the programme (学员), keyed by person_key. "
    "cohort_year is the earliest year among the person's accepted cohort rows, and the "
    "cohort attributes (province_code, school, grade, discipline, gender, birth_date, "
    "university, mentor and mentor_title) are that row's; selected_again marks a person "
    "with accepted cohort rows in more than one year (repeat_cohort).",
    deps=[["staging", "cohort"], ["staging", "mentors"]],
)
