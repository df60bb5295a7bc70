-- Working tables of marts.metric_values (temporary), counted once per group and cohort
-- year from metric_persons; metric_values_counts.sql turns them into metric rows.
-- (Temporary tables rather than CTEs: DuckDB 1.5 stalled on the CTE form at 200,000
-- persons.)

-- metric_counts: every group in every cohort year, with or without persons.
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
    count(*) FILTER (p.completed) AS completed,
    count(*) FILTER (p.excellent) AS excellent,
    count(*) FILTER (p.withdrew) AS withdrew,
    sum(p.training_hours) AS training_hours,
    median(p.training_hours) AS training_hours_median,
    count(*) FILTER (p.reached) AS reached,
    count(*) FILTER (p.entered_university) AS entered_university,
    count(*) FILTER (p.basic_major) AS basic_major,
    count(*) FILTER (p.known_major) AS known_major,
    count(*) FILTER (p.unknown_major) AS unknown_major,
    count(*) FILTER (p.qiangji) AS qiangji,
    count(*) FILTER (p.graduate_study) AS graduate_study
FROM grid AS g
LEFT JOIN metric_persons AS p USING (group_type, group_value, cohort_year)
GROUP BY ALL;

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
