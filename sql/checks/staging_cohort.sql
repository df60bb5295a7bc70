-- The staging.cohort rows accepted within their year, as the cohort_expectations suite sees them.
SELECT * FROM staging.cohort WHERE row_reason IS NULL
