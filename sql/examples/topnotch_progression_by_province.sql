-- Top-Notch (拔尖计划) progression by province, last four cohorts: the share of each
-- cohort selected into a 拔尖计划2.0 base within four years of selection (topnotch_rate at
-- horizon 4: non-responders count as no event, so a lower bound), with its 95% Wilson
-- interval, as published: small cells suppressed (<5, or * and NULL when withheld).
-- Another horizon: change `horizon` below (1 … 8; the last four cohorts are the last four
-- for which that horizon is observed).
WITH parameters AS (
    SELECT 4 AS horizon
),

rates AS (
    SELECT m.*
    FROM public.metric_values AS m
    JOIN parameters AS p ON m.horizon = p.horizon
    WHERE m.metric = 'topnotch_rate'
        AND m.group_type = 'province'
        AND m.cohort_year IS NOT NULL
),

last_cohorts AS (
    SELECT DISTINCT cohort_year
    FROM rates
    WHERE denominator_display IS NOT NULL
    ORDER BY cohort_year DESC
    LIMIT 4
),

final AS (
    SELECT
        r.group_value AS province_code,
        p.name AS province,
        r.cohort_year,
        r.denominator_display AS students,
        r.numerator_display AS selected_within_horizon,
        round(r.value, 3) AS rate,
        round(r.ci_low, 3) AS ci_low,
        round(r.ci_high, 3) AS ci_high
    FROM rates AS r
    JOIN last_cohorts USING (cohort_year)
    LEFT JOIN core.provinces AS p ON p.province_code = r.group_value
)

SELECT * FROM final
ORDER BY province_code, cohort_year;
