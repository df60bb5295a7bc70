"""The restricted layer: the only cleaned table with national IDs and names."""

import dagster as dg

from pipelines.resources import Paths
from pipelines.staging.identities import identities as build_identities
from pipelines.warehouse import connect, run_sql, transaction


@dg.asset(
    key=["restricted", "identities"],
    group_name="restricted",
    deps=[["staging", "cohort"], ["staging", "applicants"], ["raw", "cohort"], ["raw", "applicants"]],
)
def identities(paths: Paths) -> dg.MaterializeResult:
    """One row per person_key seen in an accepted cohort or applicant row: the normalised
    national ID, the name, and the sex and birth date the ID carries. Restricted: the
    only table outside the raw layer and the quarantine with IDs and names; it never
    leaves the restricted warehouse."""
    with connect(paths.warehouse) as con:
        table = build_identities(run_sql(con, "restricted/identity_sightings").pl())
        with transaction(con):
            con.register("identity_rows", table)
            con.execute("CREATE OR REPLACE TABLE restricted.identities AS FROM identity_rows")
            con.unregister("identity_rows")
    return dg.MaterializeResult(metadata={"persons": table.height})
