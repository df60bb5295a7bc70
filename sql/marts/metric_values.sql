-- marts.metric_values: every outcome metric of metrics.md by cohort year (NULL: all
-- cohorts pooled), group and horizon, from the rows pipelines/metrics assembled
-- (metric_rows: the counts of metric_values_counts.sql with Wilson intervals, and the
-- Kaplan–Meier rows). Ordered by metric (as $metrics lists them), group, cohort year
-- (pooled last) and horizon.
CREATE OR REPLACE TABLE marts.metric_values AS
SELECT
    r.metric::VARCHAR AS metric,
    r.cohort_year::INTEGER AS cohort_year,
    r.group_type::VARCHAR AS group_type,
    r.group_value::VARCHAR AS group_value,
    r.horizon::INTEGER AS horizon,
    r.numerator::BIGINT AS numerator,
    r.denominator::BIGINT AS denominator,
    r.value::DOUBLE AS value,
    r.ci_low::DOUBLE AS ci_low,
    r.ci_high::DOUBLE AS ci_high
FROM metric_rows AS r
JOIN metric_groups AS g USING (group_type, group_value)
ORDER BY list_position($metrics, r.metric), g.group_rank, r.cohort_year NULLS LAST, r.horizon NULLS FIRST;
