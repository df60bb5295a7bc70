-- The staging.training rows accepted within their year, as the training_expectations suite sees them.
SELECT * FROM staging.training WHERE row_reason IS NULL
