/* public.province_year_summary: marts.province_year_summary for publication: one row per
reporting unit and cohort year, the same columns, taken from public.metric_values and so
suppressed the same way: a hidden count and every figure withheld with it is NULL
(students_display shows <k); suppressed marks the rows with a hidden figure.
*/
-- public.province_year_summary: marts.province_year_summary's columns from the suppressed
-- figures of public.metric_values (the public_summary macro of
-- pipelines/metrics/metric_summary.sql), one row per reporting unit and cohort
-- year; $horizon is the fixed Top-Notch horizon of the wide marts.
CREATE OR REPLACE TABLE public.province_year_summary AS
SELECT
    p.province_code,
    p.name AS province_name,
    s.* EXCLUDE (group_value)
FROM public_summary('province', $horizon) AS s
JOIN core.provinces AS p ON p.province_code = s.group_value
ORDER BY p.province_code, s.cohort_year;
