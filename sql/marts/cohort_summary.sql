-- marts.cohort_summary: one row per cohort year with the national figures of
-- marts.metric_values (metric_summary.sql); $horizon is the fixed Top-Notch horizon.
CREATE OR REPLACE TABLE marts.cohort_summary AS
SELECT s.* EXCLUDE (group_value)
FROM metric_summary('national', $horizon) AS s
ORDER BY s.cohort_year;
