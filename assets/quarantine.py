"""The quarantine: every rejected row, kept with its reason, for data stewards. It reads
staging only (the cohort membership rules from the accepted cohort rows), and core reads it."""

from assets.tables import table_asset
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.unions import create_quarantine_views

rejected_rows = table_asset(
    "quarantine", "rejected_rows",
    deps=[*(["staging", s.name] for s in DELIVERY_SOURCES), *(["raw", s.name] for s in DELIVERY_SOURCES)],
    prepare=create_quarantine_views,
)
