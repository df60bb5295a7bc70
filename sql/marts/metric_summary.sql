-- metric_summary(group type, horizon) (temporary table macro): marts.metric_values turned
-- wide for one group type, one row per group value and cohort year, with the columns the
-- wide marts share (their meaning: assets/marts.py). The fixed-horizon Top-Notch columns
-- are at `summary_horizon` years; followup_coverage_latest is the coverage in the latest
-- survey year H.
CREATE OR REPLACE TEMP MACRO metric_summary(summary_group_type, summary_horizon) AS TABLE
WITH cohort_rows AS (
    SELECT *
    FROM marts.metric_values
    WHERE group_type = summary_group_type AND cohort_year IS NOT NULL
),

survey AS (
    SELECT max(survey_year) AS latest_survey_year FROM core.survey_responses
)

SELECT
    r.group_value,
    r.cohort_year,
    any_value(r.value) FILTER (r.metric = 'cohort_size')::BIGINT AS students,
    bool_or(r.denominator IS NOT NULL) FILTER (r.metric = 'completion_rate') AS assessment_data,
    any_value(r.numerator) FILTER (r.metric = 'completion_rate') AS completed,
    any_value(r.value) FILTER (r.metric = 'completion_rate') AS completion_rate,
    any_value(r.numerator) FILTER (r.metric = 'excellence_rate') AS excellent,
    any_value(r.value) FILTER (r.metric = 'excellence_rate') AS excellence_rate,
    any_value(r.numerator) FILTER (r.metric = 'withdrawal_rate') AS withdrew,
    any_value(r.value) FILTER (r.metric = 'withdrawal_rate') AS withdrawal_rate,
    any_value(r.value) FILTER (r.metric = 'training_hours_mean') AS training_hours_mean,
    any_value(r.value) FILTER (r.metric = 'training_hours_median') AS training_hours_median,
    any_value(r.numerator) FILTER (r.metric = 'ever_reached') AS reached,
    any_value(r.value) FILTER (r.metric = 'ever_reached') AS ever_reached_rate,
    (s.latest_survey_year - r.cohort_year)::INTEGER AS years_of_followup,
    any_value(r.value) FILTER (
        r.metric = 'followup_coverage' AND r.horizon = s.latest_survey_year - r.cohort_year
    ) AS followup_coverage_latest,
    any_value(r.numerator) FILTER (r.metric = 'topnotch_rate' AND r.horizon = summary_horizon)
        AS topnotch_events_4y,
    any_value(r.value) FILTER (r.metric = 'topnotch_rate' AND r.horizon = summary_horizon)
        AS topnotch_rate_4y,
    any_value(r.ci_low) FILTER (r.metric = 'topnotch_rate' AND r.horizon = summary_horizon)
        AS topnotch_rate_4y_ci_low,
    any_value(r.ci_high) FILTER (r.metric = 'topnotch_rate' AND r.horizon = summary_horizon)
        AS topnotch_rate_4y_ci_high,
    any_value(r.denominator) FILTER (r.metric = 'qiangji_rate') AS entered_university,
    any_value(r.value) FILTER (r.metric = 'basic_major_rate') AS basic_major_rate,
    any_value(r.numerator) FILTER (r.metric = 'basic_major_unknown') AS basic_major_unknown,
    any_value(r.value) FILTER (r.metric = 'qiangji_rate') AS qiangji_rate,
    any_value(r.value) FILTER (r.metric = 'graduate_rate') AS graduate_rate
FROM cohort_rows AS r
CROSS JOIN survey AS s
GROUP BY r.group_value, r.cohort_year, s.latest_survey_year;
