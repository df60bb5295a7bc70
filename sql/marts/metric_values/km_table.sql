-- The life table behind topnotch_km, all cohorts pooled: per group and yearly time, the
-- persons with a Top-Notch event at time t = event year − cohort year, and the persons
-- without event censored at c = last observed year − cohort year.
SELECT
    group_type,
    group_value,
    coalesce(topnotch_time, censoring_time) AS time,
    count(*) FILTER (topnotch_time IS NOT NULL) AS events,
    count(*) FILTER (topnotch_time IS NULL) AS censored
FROM metric_persons
GROUP BY ALL
ORDER BY ALL;
