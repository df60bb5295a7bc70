"""Every validation the pipeline runs: which expectation suite, on which frame pulled from
the warehouse, attached to which asset, and how much a failure matters.

A validation's name is its suite's name and its Dagster check's name. The frame is the
SELECT in queries/<frame>.sql, or for a staging suite the rows of
staging.<accepted_rows_of> accepted within their year; one staging suite per source of
the registry (pipelines.registry.sources); a suite parameter (`$PARAMETER` in an expectation) is
the single column of the rows of queries/<query>.sql, read when the suite runs.
Checks that need a row's final acceptance (after quarantine) hang on the asset that
decides it, not on staging.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from pipelines.registry import sources as registry

Severity = Literal["ERROR", "WARN"]


@dataclass(frozen=True)
class Validation:
    name: str
    asset: tuple[str, str]
    frame: str | None
    description: str
    severity: Severity = "ERROR"
    # Assets the frame or a parameter reads besides `asset` (they run first).
    reads: tuple[tuple[str, str], ...] = ()
    parameters: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # True where the frame holds national IDs or names: the outcome, the logs, the check
    # metadata and Data Docs then carry counts only, never a value.
    restricted: bool = False
    # A staging suite: its frame is this source's rows accepted within their year.
    accepted_rows_of: str | None = None

    @property
    def blocking(self) -> bool:
        """An ERROR stops everything downstream of the asset from materialising."""
        return self.severity == "ERROR"


UNIVERSITY_CODES = MappingProxyType({"university_codes": "university_codes"})
DELIVERY_YEARS = MappingProxyType({"delivery_years": "delivery_years"})



def staging_validation(source: registry.DeliverySource) -> Validation:
    """The suite of staging.<source> on its rows accepted within their year; a source
    whose university is matched reads the codes of staging.universities."""
    universities = source.matches_university
    return Validation(
        f"{source.name}_expectations", ("staging", source.name), None,
        source.validation_description,
        reads=(("staging", registry.UNIVERSITIES.name),) if universities else (),
        parameters=UNIVERSITY_CODES if universities else MappingProxyType({}),
        accepted_rows_of=source.name,
    )


STAGING_VALIDATIONS: tuple[Validation, ...] = tuple(
    staging_validation(s) for s in registry.DELIVERY_SOURCES
)
BY_SOURCE = MappingProxyType({v.accepted_rows_of: v for v in STAGING_VALIDATIONS})
COHORT = BY_SOURCE[registry.COHORT.name]
APPLICANTS = BY_SOURCE[registry.APPLICANTS.name]
TRAINING = BY_SOURCE[registry.TRAINING.name]
ASSESSMENT = BY_SOURCE[registry.ASSESSMENT.name]
FOLLOWUP = BY_SOURCE[registry.FOLLOWUP.name]

IDENTITIES = Validation(
    "identities_expectations", ("restricted", "identities"), "restricted_identities",
    "restricted.identities: one row per person_key, one person_key per national ID, IDs of "
    "18 characters, names, sex and birth date filled. Restricted: failures are reported as "
    "counts only, never values.",
    parameters=DELIVERY_YEARS, restricted=True,
)
IDENTITY_COVERAGE = Validation(
    "identities_cover_accepted_people", ("restricted", "identities"), "identity_coverage",
    "Every person_key of an accepted cohort or applicant row, and of core.persons, has "
    "its identity in restricted.identities.",
    severity="WARN", reads=(("core", "persons"),),
)
PERSONS = Validation(
    "persons_expectations", ("core", "persons"), "core_persons",
    "core.persons: one row per person_key; the cohort attributes filled and canonical "
    "(province one of the 32 units); cohort_year a delivery year; university_code in staging.universities or empty; mentor_title one of the "
    "contract's titles or empty (unknown mentor).",
    reads=(("staging", registry.UNIVERSITIES.name),),
    parameters=UNIVERSITY_CODES | DELIVERY_YEARS,
)
ACCEPTED_ACTIVITY = Validation(
    "accepted_rows_belong_to_persons", ("quarantine", "rejected_rows"), "accepted_activity",
    "Every training, assessment and followup row accepted after quarantine belongs to a "
    "person of core.persons whose cohort year is not after the row's year "
    "(unknown_student left nothing behind).",
)
FOLLOWUP_RESPONSES = Validation(
    "one_response_per_person_and_survey_year", ("quarantine", "rejected_rows"),
    "accepted_followup",
    "Among followup rows accepted after quarantine, one per (person_key, survey_year) "
    "(duplicate_response), and topnotch_year not before the person's cohort year.",
)

VALIDATIONS: tuple[Validation, ...] = (
    *STAGING_VALIDATIONS,
    IDENTITIES, IDENTITY_COVERAGE, PERSONS, ACCEPTED_ACTIVITY, FOLLOWUP_RESPONSES,
)
BY_NAME = MappingProxyType({v.name: v for v in VALIDATIONS})
