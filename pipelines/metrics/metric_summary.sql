-- The wide summaries' macro, one definition for marts and public: pipelines/metrics/
-- summaries.py fills in the @-marked parts from the metric registry's summary columns and
-- makes metric_summary (over marts.metric_values) and public_summary (over
-- public.metric_values, suppressed figures NULL) from it. The macro turns its rows wide
-- for one group type, one row per group value and cohort year; of a metric with horizons
-- it keeps one row: the fixed Top-Notch horizon `summary_horizon`, or the latest survey
-- year H. Only the metrics of cohorts (the registry's population COHORT): the applicant
-- metrics' years and suppressions are not those of a cohort.
CREATE OR REPLACE TEMP MACRO @macro@(summary_group_type, summary_horizon) AS TABLE
WITH survey AS (
    SELECT max(survey_year) AS latest_survey_year FROM core.survey_responses
),

cohort_rows AS (
    SELECT r.*, s.latest_survey_year
    FROM @rows@ AS r
    CROSS JOIN survey AS s
    WHERE r.group_type = summary_group_type AND r.cohorts_pooled = 1 AND r.metric IN (@metrics@)
),

shown AS (
    SELECT *
    FROM cohort_rows
    WHERE horizon IS NULL@shown@
)

SELECT
    group_value,
    cohort_year,
@columns@
FROM shown
GROUP BY group_value, cohort_year, latest_survey_year;
