"""The core layer: the people followed over time, and the accepted facts about them."""

from assets.tables import table_asset
from pipelines.contract.shipped import MAJOR_CATEGORIES_CSV, PROVINCES_CSV

persons = table_asset(
    "core", "persons",
    deps=[["staging", "cohort"], ["staging", "mentors"]],
)

provinces = table_asset(
    "core", "provinces",
    deps=[],
    parameters={"reference_file": str(PROVINCES_CSV)},
)
major_categories = table_asset(
    "core", "major_categories",
    deps=[],
    parameters={"reference_file": str(MAJOR_CATEGORIES_CSV)},
)
training_activities = table_asset(
    "core", "training_activities",
    deps=[["staging", "training"], ["quarantine", "rejected_rows"]],
)
assessments = table_asset(
    "core", "assessments",
    deps=[["staging", "assessment"], ["quarantine", "rejected_rows"]],
)
applicants = table_asset(
    "core", "applicants",
    deps=[["staging", "applicants"], ["staging", "cohort"]],
)
survey_responses = table_asset(
    "core", "survey_responses",
    deps=[["staging", "followup"], ["quarantine", "rejected_rows"], ["core", "major_categories"]],
)
person_outcomes = table_asset(
    "core", "person_outcomes",
    deps=[
        ["core", "persons"], ["core", "training_activities"], ["core", "assessments"],
        ["core", "survey_responses"],
    ],
)
person_years = table_asset(
    "core", "person_years",
    deps=[["core", "persons"], ["core", "survey_responses"], ["core", "person_outcomes"]],
)
