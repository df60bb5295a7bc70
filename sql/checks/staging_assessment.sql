-- The staging.assessment rows accepted within their year, as the assessment_expectations suite sees them.
SELECT * FROM staging.assessment WHERE row_reason IS NULL
