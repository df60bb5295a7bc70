-- Completion by discipline: persons with a 结业 result 优秀 or 合格 among the cohort, per
-- discipline and cohort year and for all cohorts together (cohort_year NULL, shown as
-- 'all'), with the national figure for comparison, as published: small cells suppressed.
-- Years without assessment data (in progress) have no rate.
WITH completion AS (
    SELECT *
    FROM public.metric_values
    WHERE metric = 'completion_rate' AND group_type IN ('discipline', 'national')
),

final AS (
    SELECT
        CASE WHEN group_type = 'national' THEN '(national)' ELSE group_value END AS discipline,
        coalesce(CAST(cohort_year AS VARCHAR), 'all') AS cohort,
        denominator_display AS students,
        numerator_display AS completed,
        round(value, 3) AS completion_rate,
        round(ci_low, 3) AS ci_low,
        round(ci_high, 3) AS ci_high,
        group_type = 'national' AS is_national,
        cohort_year
    FROM completion
    WHERE denominator_display IS NOT NULL
)

SELECT * EXCLUDE (is_national, cohort_year)
FROM final
ORDER BY is_national, discipline, cohort_year NULLS LAST;
