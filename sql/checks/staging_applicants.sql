-- The staging.applicants rows accepted within their year, as the applicants_expectations suite sees them.
SELECT * FROM staging.applicants WHERE row_reason IS NULL
