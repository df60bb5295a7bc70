"""The quarantine: every rejected row, kept with its reason, for data stewards."""

from assets.sql_assets import sql_table_asset

rejected_rows = sql_table_asset(
    "quarantine", "rejected_rows",
    "Every delivered row the contract rejects: file_path and row_number (as seen in "
    "Excel), source, year, the reason code (first in the contract's precedence), the "
    "column concerned, and the delivered values as JSON. Restricted: raw_values hold "
    "names and national IDs as delivered.",
    deps=[
        *(["staging", s] for s in ("cohort", "applicants", "training", "assessment", "followup")),
        ["core", "persons"],
    ],
)
