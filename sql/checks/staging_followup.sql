-- The staging.followup rows accepted within their year, as the followup_expectations suite sees them.
SELECT * FROM staging.followup WHERE row_reason IS NULL
