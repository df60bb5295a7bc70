-- Working tables of marts.metric_values (temporary), counted once per group and cohort
-- year from metric_persons; counts.sql turns them into metric rows.
-- (Temporary tables rather than CTEs: DuckDB 1.5 stalled on the CTE form at 200,000
-- persons.) metric_counts comes last: run_sql passes $person_flags to the last statement.

-- metric_responded: persons of cohort Y who responded in survey year S > Y, by horizon
-- S − Y.
CREATE OR REPLACE TEMP TABLE metric_responded AS
SELECT p.group_type, p.group_value, p.cohort_year, r.horizon, count(*) AS persons
FROM metric_persons AS p
JOIN metric_responses AS r USING (person_id)
GROUP BY ALL;

-- metric_events: Top-Notch events by time t = event year − cohort year.
CREATE OR REPLACE TEMP TABLE metric_events AS
SELECT group_type, group_value, cohort_year, topnotch_time, count(*) AS events
FROM metric_persons
WHERE topnotch_time IS NOT NULL
GROUP BY ALL;

-- metric_counts: every group in every cohort year, with or without persons; `persons`
-- and, per person flag, the persons with it.
CREATE OR REPLACE TEMP TABLE metric_counts AS
WITH grid AS (
    SELECT g.group_type, g.group_value, c.cohort_year, c.assessed, c.data_horizon
    FROM metric_groups AS g
    CROSS JOIN metric_cohorts AS c
)

SELECT
    g.group_type,
    g.group_value,
    g.cohort_year,
    g.assessed,
    g.data_horizon,
    count(p.person_id) AS persons,
    sum(p.training_hours) AS training_hours,
    median(p.training_hours) AS training_hours_median,
    -- one column per person flag of $person_flags (the registry's rates), named after it
    count(*) FILTER (COLUMNS(c -> list_contains($person_flags, c)))
FROM grid AS g
LEFT JOIN metric_persons AS p USING (group_type, group_value, cohort_year)
GROUP BY ALL;
