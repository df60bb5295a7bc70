-- public_summary(group type, horizon) (temporary table macro): public.metric_values turned
-- wide for one group type, one row per group value and cohort year, with the columns of
-- the wide marts (sql/marts/metric_summary.sql) taken from the suppressed figures, so a
-- hidden count or a withheld figure is NULL here too. students_display shows the cohort
-- size as readers see it (<5); suppressed marks a row with any figure hidden.
CREATE OR REPLACE TEMP MACRO public_summary(summary_group_type, summary_horizon) AS TABLE
WITH survey AS (
    SELECT max(survey_year) AS latest_survey_year FROM core.survey_responses
),

cohort_rows AS (
    SELECT r.*, s.latest_survey_year
    FROM public.metric_values AS r
    CROSS JOIN survey AS s
    WHERE r.group_type = summary_group_type AND r.cohort_year IS NOT NULL
),

shown AS (
    SELECT *
    FROM cohort_rows
    WHERE horizon IS NULL
        OR (metric = 'topnotch_rate' AND horizon = summary_horizon)
        OR (metric = 'followup_coverage' AND horizon = latest_survey_year - cohort_year)
)

SELECT
    group_value,
    cohort_year,
    any_value(value) FILTER (metric = 'cohort_size')::BIGINT AS students,
    any_value(value_display) FILTER (metric = 'cohort_size') AS students_display,
    bool_or(denominator_display IS NOT NULL) FILTER (metric = 'completion_rate') AS assessment_data,
    any_value(numerator) FILTER (metric = 'completion_rate') AS completed,
    any_value(value) FILTER (metric = 'completion_rate') AS completion_rate,
    any_value(numerator) FILTER (metric = 'excellence_rate') AS excellent,
    any_value(value) FILTER (metric = 'excellence_rate') AS excellence_rate,
    any_value(numerator) FILTER (metric = 'withdrawal_rate') AS withdrew,
    any_value(value) FILTER (metric = 'withdrawal_rate') AS withdrawal_rate,
    any_value(value) FILTER (metric = 'training_hours_mean') AS training_hours_mean,
    any_value(value) FILTER (metric = 'training_hours_median') AS training_hours_median,
    any_value(numerator) FILTER (metric = 'ever_reached') AS reached,
    any_value(value) FILTER (metric = 'ever_reached') AS ever_reached_rate,
    (latest_survey_year - cohort_year)::INTEGER AS years_of_followup,
    any_value(value) FILTER (metric = 'followup_coverage') AS followup_coverage_latest,
    any_value(numerator) FILTER (metric = 'topnotch_rate') AS topnotch_events_4y,
    any_value(value) FILTER (metric = 'topnotch_rate') AS topnotch_rate_4y,
    any_value(ci_low) FILTER (metric = 'topnotch_rate') AS topnotch_rate_4y_ci_low,
    any_value(ci_high) FILTER (metric = 'topnotch_rate') AS topnotch_rate_4y_ci_high,
    any_value(denominator) FILTER (metric = 'qiangji_rate') AS entered_university,
    any_value(value) FILTER (metric = 'basic_major_rate') AS basic_major_rate,
    any_value(numerator) FILTER (metric = 'basic_major_unknown') AS basic_major_unknown,
    any_value(value) FILTER (metric = 'qiangji_rate') AS qiangji_rate,
    any_value(value) FILTER (metric = 'graduate_rate') AS graduate_rate,
    bool_or(suppressed) AS suppressed
FROM shown
GROUP BY group_value, cohort_year, latest_survey_year;
