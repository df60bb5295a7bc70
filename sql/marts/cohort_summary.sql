/* marts.cohort_summary: One row per cohort year with the national figures of
marts.metric_values: cohort size; completion, excellence and withdrawal (NULL while no
assessment data exists); training hours; ever reached and follow-up coverage in the
latest survey year; the 4-year Top-Notch rate with its 95% Wilson interval (NULL for
cohorts with Y + 4 > H); entered university, basic-discipline major (with the count of
unknown categories), 强基计划 and graduate-study rates.
*/
-- marts.cohort_summary: one row per cohort year with the national figures of
-- marts.metric_values (pipelines/metrics/metric_summary.sql); $horizon is the fixed Top-Notch horizon.
CREATE OR REPLACE TABLE marts.cohort_summary AS
SELECT s.* EXCLUDE (group_value)
FROM metric_summary('national', $horizon) AS s
ORDER BY s.cohort_year;
