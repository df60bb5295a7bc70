"""The core layer: the people followed over time, and the accepted facts about them."""

from assets.sql_assets import sql_table_asset
from pipelines.contract.shipped import MAJOR_CATEGORIES_CSV, PROVINCES_CSV

persons = sql_table_asset(
    "core", "persons",
    deps=[["staging", "cohort"], ["staging", "mentors"]],
)

provinces = sql_table_asset(
    "core", "provinces",
    deps=[],
    parameters={"reference_file": str(PROVINCES_CSV)},
)
major_categories = sql_table_asset(
    "core", "major_categories",
    deps=[],
    parameters={"reference_file": str(MAJOR_CATEGORIES_CSV)},
)
training_activities = sql_table_asset(
    "core", "training_activities",
    deps=[["staging", "training"], ["quarantine", "rejected_rows"]],
)
assessments = sql_table_asset(
    "core", "assessments",
    deps=[["staging", "assessment"], ["quarantine", "rejected_rows"]],
)
applicants = sql_table_asset(
    "core", "applicants",
    deps=[["staging", "applicants"]],
)
survey_responses = sql_table_asset(
    "core", "survey_responses",
    deps=[["staging", "followup"], ["quarantine", "rejected_rows"], ["core", "major_categories"]],
)
person_outcomes = sql_table_asset(
    "core", "person_outcomes",
    deps=[
        ["core", "persons"], ["core", "training_activities"], ["core", "assessments"],
        ["core", "survey_responses"],
    ],
)
person_years = sql_table_asset(
    "core", "person_years",
    deps=[["core", "persons"], ["core", "survey_responses"], ["core", "person_outcomes"]],
)
