/* marts.province_year_summary: One row per reporting unit (all 32, also in years without
students) and cohort year with the unit's figures of marts.metric_values, the same
columns as marts.cohort_summary; compare with cohort_summary for the national figure.
*/
-- marts.province_year_summary: one row per reporting unit (all 32) and cohort year with
-- the unit's figures from marts.metric_values (metric_summary.sql); $horizon is the fixed
-- Top-Notch horizon.
CREATE OR REPLACE TABLE marts.province_year_summary AS
SELECT
    p.province_code,
    p.name AS province_name,
    s.* EXCLUDE (group_value)
FROM metric_summary('province', $horizon) AS s
JOIN core.provinces AS p ON p.province_code = s.group_value
ORDER BY p.province_code, s.cohort_year;
