/* marts.metric_values: Every outcome metric of metrics.md in long form: one row per
metric, cohort year (NULL: all cohorts pooled), group, horizon and cohorts pooled, with
numerator, denominator, value and a 95% interval; the `metric` column lists every metric
with its definition. Groups: national/all, all 32 reporting units, disciplines, genders,
grades and mentor titles (each with rows even without students), and the universities
persons were trained at. A metric not defined for a cohort (no assessment data for Y: in
progress; Y + h > H; Y + 6 > H) keeps its row with NULL numerator, denominator and
value; pooled rows cover only the cohorts for which the metric is defined. The rare outcomes
(topnotch_rate, qiangji_rate, graduate_rate) also have three-cohort rows for the nation
and the units: the last three cohorts at which they are defined, cohort_year the latest,
cohorts_pooled 3. The selection metrics (applicants, selection_rate, the score medians,
selected_in_cohort_rate; selection_cutoff and selected_score_min per year and discipline
only, internal only) count the applicants of the application year (in cohort_year), a
person once per year, grouped by their latest applicant row of the year; NULL figures for
a year without applicants data. Unsuppressed: small cells are for analysts only.
*/
-- marts.metric_values: every outcome metric of metrics.md by cohort year (NULL: all
-- cohorts pooled), group and horizon, from the rows pipelines/metrics assembled
-- (metric_rows: the counts of metric_values/counts.sql and application_rows.sql with
-- Wilson intervals, and the Kaplan–Meier rows). Ordered by metric (as $metrics lists
-- them), group, cohort year (pooled last), horizon and cohorts pooled.
CREATE OR REPLACE TABLE marts.metric_values AS
SELECT
    r.metric::VARCHAR AS metric,
    r.cohort_year::INTEGER AS cohort_year,
    r.group_type::VARCHAR AS group_type,
    r.group_value::VARCHAR AS group_value,
    r.horizon::INTEGER AS horizon,
    r.cohorts_pooled::INTEGER AS cohorts_pooled,
    r.numerator::BIGINT AS numerator,
    r.denominator::BIGINT AS denominator,
    r.value::DOUBLE AS value,
    r.ci_low::DOUBLE AS ci_low,
    r.ci_high::DOUBLE AS ci_high
FROM metric_rows AS r
JOIN metric_groups AS g USING (group_type, group_value)
ORDER BY list_position($metrics, r.metric), g.group_rank, r.cohort_year NULLS LAST, r.horizon NULLS FIRST, r.cohorts_pooled NULLS FIRST;
