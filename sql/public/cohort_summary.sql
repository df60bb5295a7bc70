/* public.cohort_summary: marts.cohort_summary for publication: one row per cohort year
with the national figures, the same columns, taken from public.metric_values and so
suppressed the same way: a hidden count and every figure withheld with it is NULL
(students_display shows <k); suppressed marks the rows with a hidden figure.
*/
-- public.cohort_summary: marts.cohort_summary's columns from the suppressed figures of
-- public.metric_values (the public_summary macro of
-- pipelines/metrics/metric_summary.sql), one row per cohort year; $horizon is the fixed
-- Top-Notch horizon of the wide marts.
CREATE OR REPLACE TABLE public.cohort_summary AS
SELECT s.* EXCLUDE (group_value)
FROM public_summary('national', $horizon) AS s
ORDER BY s.cohort_year;
