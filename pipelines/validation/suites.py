"""The expectation suites, as code: one Great Expectations 1.x ExpectationSuite per
validation of `catalog`, built from the facts in `expected` and the contract.

Importing this module imports Great Expectations (several seconds): only the runner does,
inside the function that validates, so loading the Dagster definitions stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl

from pipelines.cleaning.out_of_range import MAX_HOURS, MIN_HOURS_EXCLUDED, SCORE_RANGE
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.registry import sources as registry
from pipelines.validation import catalog
from pipelines.validation.expected import (
    VALUE_SETS,
    coded_columns,
    filled_in_accepted_rows,
    pandas_dtypes,
    staging_columns,
)

UNIVERSITY_CODES = {"$PARAMETER": "university_codes"}
DELIVERY_YEARS = {"$PARAMETER": "delivery_years"}
# A national ID as restricted.identities keeps it: 17 digits and a check character.
NATIONAL_ID_PATTERN = r"^[0-9]{17}[0-9X]$"


def schema(columns: Mapping[str, pl.DataType]) -> list[gxe.Expectation]:
    """The columns are there (others may be added) and each has its warehouse type."""
    return [
        gxe.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False),
        *(
            gxe.ExpectColumnValuesToBeInTypeList(column=c, type_list=pandas_dtypes(t))
            for c, t in columns.items()
        ),
    ]


def filled(columns: Iterable[str]) -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in columns]


def canonical(values: Mapping[str, Iterable[object]]) -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToBeInSet(column=c, value_set=list(v)) for c, v in values.items()]


def delivery_year(column: str) -> gxe.Expectation:
    """A year column of a staging row equals the year folder it was delivered in."""
    return gxe.ExpectColumnPairValuesToBeEqual(column_A=column, column_B="year")


def known_university() -> gxe.Expectation:
    """A matched university is one of reference/universities.csv (empty: unknown_university)."""
    return gxe.ExpectColumnValuesToBeInSet(column="university_code", value_set=UNIVERSITY_CODES)


def staging_suite(source: str) -> list[gxe.Expectation]:
    columns = staging_columns(source)
    return [
        *schema(columns),
        *filled(filled_in_accepted_rows(source)),
        *canonical(coded_columns(source)),
    ]


def accepted_staging_rows(source: registry.DeliverySource) -> list[gxe.Expectation]:
    """The suite of a source's accepted staging rows: columns, filled and canonical
    values, the source's own rules (`SOURCE_RULES`), and a matched university known."""
    return [
        *staging_suite(source.name),
        *SOURCE_RULES.get(source.name, list)(),
        *([known_university()] if source.matches_university else []),
    ]


def cohort_rules() -> list[gxe.Expectation]:
    return [delivery_year("cohort_year")]


def applicants_rules() -> list[gxe.Expectation]:
    low, high = SCORE_RANGE
    return [gxe.ExpectColumnValuesToBeBetween(column="selection_score", min_value=low, max_value=high)]


def training_rules() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="hours", min_value=MIN_HOURS_EXCLUDED, max_value=MAX_HOURS, strict_min=True
        ),
    ]


def followup_rules() -> list[gxe.Expectation]:
    return [
        delivery_year("survey_year"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="survey_year", column_B="topnotch_year", or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]


def topnotch_roster_rules() -> list[gxe.Expectation]:
    return [delivery_year("entry_year")]


# Expectations particular to a source, beyond what its declaration implies.
SOURCE_RULES: Mapping[str, Callable[[], list[gxe.Expectation]]] = {
    registry.COHORT.name: cohort_rules,
    registry.APPLICANTS.name: applicants_rules,
    registry.TOPNOTCH_ROSTER.name: topnotch_roster_rules,
    registry.TRAINING.name: training_rules,
    registry.FOLLOWUP.name: followup_rules,
}


def identities() -> list[gxe.Expectation]:
    columns = {
        "person_key": pl.String(), "national_id": pl.String(), "name": pl.String(),
        "gender": pl.String(), "birth_date": pl.Date(), "first_seen_year": pl.Int32(),
    }
    return [
        *schema(columns),
        *filled(columns),
        gxe.ExpectColumnValuesToBeUnique(column="person_key"),
        gxe.ExpectColumnValuesToBeUnique(column="national_id"),
        gxe.ExpectColumnValuesToMatchRegex(column="national_id", regex=NATIONAL_ID_PATTERN),
        *canonical({"gender": VALUE_SETS["gender"]}),
        gxe.ExpectColumnValuesToBeInSet(column="first_seen_year", value_set=DELIVERY_YEARS),
    ]


def identity_coverage() -> list[gxe.Expectation]:
    return [
        *filled(["source", "person_key"]),
        gxe.ExpectColumnValuesToBeNull(column="person_key_not_in_identities"),
    ]


def persons() -> list[gxe.Expectation]:
    cohort_columns = staging_columns(registry.COHORT.name)
    columns = {
        "person_key": pl.String(),
        "cohort_year": cohort_columns["cohort_year"],
        "province_code": cohort_columns["province"],
        **{c: cohort_columns[c] for c in ("school", "grade", "discipline", "gender", "birth_date")},
        "university_code": pl.String(),
        "mentor_id": cohort_columns["mentor_id"],
        "mentor_title": pl.String(),
        "selected_again": pl.Boolean(),
    }
    values = {c: VALUE_SETS[c] for c in ("grade", "discipline", "gender")}
    return [
        *schema(columns),
        *filled(c for c in columns if c not in ("university_code", "mentor_title")),
        gxe.ExpectColumnValuesToBeUnique(column="person_key"),
        *canonical({"province_code": VALUE_SETS["province"], **values}),
        gxe.ExpectColumnValuesToBeInSet(column="cohort_year", value_set=DELIVERY_YEARS),
        known_university(),
        gxe.ExpectColumnValuesToBeInSet(column="mentor_title", value_set=list(MENTOR_TITLES)),
    ]


def accepted_activity() -> list[gxe.Expectation]:
    return [
        *filled(["source", "year", "file_path", "row_number", "person_key"]),
        gxe.ExpectColumnValuesToBeNull(column="person_key_not_in_core_persons"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="year", column_B="cohort_year", or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]


def accepted_followup() -> list[gxe.Expectation]:
    return [
        *filled(["person_key", "survey_year"]),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["person_key", "survey_year"]),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="topnotch_year", column_B="cohort_year", or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]


BUILDERS: Mapping[str, Callable[[], list[gxe.Expectation]]] = {
    catalog.IDENTITIES.name: identities,
    catalog.IDENTITY_COVERAGE.name: identity_coverage,
    catalog.PERSONS.name: persons,
    catalog.ACCEPTED_ACTIVITY.name: accepted_activity,
    catalog.FOLLOWUP_RESPONSES.name: accepted_followup,
}


def build_suite(validation: catalog.Validation) -> gx.ExpectationSuite:
    """The suite of a validation, named as the validation and its check."""
    source = validation.accepted_rows_of
    if source is not None:
        declared = next(s for s in registry.DELIVERY_SOURCES if s.name == source)
        expectations = accepted_staging_rows(declared)
        frame = f"staging.{source} WHERE row_reason IS NULL"
    else:
        expectations = BUILDERS[validation.name]()
        frame = f"pipelines/validation/queries/{validation.frame}.sql"
    return gx.ExpectationSuite(
        name=validation.name,
        expectations=expectations,
        meta={"asset": "/".join(validation.asset), "frame": frame,
              "description": validation.description},
    )
