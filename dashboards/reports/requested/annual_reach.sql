-- marts.annual_reach — REQUESTED of the marts/publish work, not run by this package.
-- The annual assessment needs, per calendar year and reporting unit, figures that
-- marts.metric_values does not hold (it has no province × gender cells, no counts of
-- schools, universities or mentors, and no coverage by survey year). This is the query;
-- the publish step would suppress it into public.annual_reach with the columns of
-- dashboards.public.ANNUAL_REACH_COLUMNS:
--   year, group_type, group_value, measure, detail, count, count_display, suppression
--
-- Suppression (pipelines/publish/suppression.py, rules 1–3):
--   * every count is a cell; 1 … k − 1 is a small count;
--   * column lines: for measures students, girls, alumni and alumni_responded, the 32
--     units of a year add up to the national row of that year;
--   * links: students of a unit and year is the same count as cohort_size in
--     public.metric_values (and alumni the sum of earlier cohort sizes): hide it here
--     whenever it is hidden there, and vice versa;
--   * schools, universities and mentors (distinct counts, which do not add up across
--     units) take rule 1 only.
--
-- Parameter: $mentor_titles (pipelines.contract.reference_values.MENTOR_TITLES).
-- One row per year (every cohort and survey year), group (national, and each of the 32
-- units of core.provinces), measure and detail (the mentor title for `mentors`, NULL for
-- all); zeros included, so the table is complete.
CREATE OR REPLACE TABLE marts.annual_reach AS
WITH persons AS (
    SELECT person_key, cohort_year, province_code, school, gender, university_code, mentor_id, mentor_title
    FROM core.persons
),

grouped AS (
    SELECT 'national' AS group_type, 'all' AS group_value, * FROM persons
    UNION ALL
    SELECT 'province', province_code, * FROM persons WHERE province_code IS NOT NULL
),

units AS (
    SELECT 'national' AS group_type, 'all' AS group_value
    UNION ALL
    SELECT 'province', province_code FROM core.provinces
),

years AS (
    SELECT DISTINCT cohort_year AS year FROM persons
    UNION
    SELECT DISTINCT survey_year FROM core.survey_responses
),

titles AS (
    -- pipelines.contract.reference_values.MENTOR_TITLES
    SELECT unnest($mentor_titles) AS detail
),

responses AS (
    SELECT DISTINCT person_key, survey_year FROM core.survey_responses
),

cohort_counts AS (
    SELECT
        group_type, group_value, cohort_year AS year,
        count(*) AS students,
        count(*) FILTER (gender = '女') AS girls,
        count(DISTINCT school) AS schools,
        count(DISTINCT university_code) AS universities,
        count(DISTINCT mentor_id) AS mentors
    FROM grouped
    GROUP BY ALL
),

title_counts AS (
    SELECT group_type, group_value, cohort_year AS year, mentor_title AS detail, count(DISTINCT mentor_id) AS count
    FROM grouped
    WHERE mentor_title IS NOT NULL
    GROUP BY ALL
),

alumni_counts AS (
    SELECT
        g.group_type, g.group_value, y.year,
        count(*) AS alumni,
        count(r.person_key) AS alumni_responded
    FROM grouped AS g
    JOIN years AS y ON g.cohort_year < y.year
    LEFT JOIN responses AS r ON r.person_key = g.person_key AND r.survey_year = y.year
    GROUP BY ALL
),

grid AS (
    SELECT u.group_type, u.group_value, y.year FROM units AS u CROSS JOIN years AS y
),

per_measure AS (
    SELECT
        g.year, g.group_type, g.group_value,
        coalesce(c.students, 0) AS students,
        coalesce(c.girls, 0) AS girls,
        coalesce(c.schools, 0) AS schools,
        coalesce(c.universities, 0) AS universities,
        coalesce(c.mentors, 0) AS mentors,
        coalesce(a.alumni, 0) AS alumni,
        coalesce(a.alumni_responded, 0) AS alumni_responded
    FROM grid AS g
    LEFT JOIN cohort_counts AS c USING (group_type, group_value, year)
    LEFT JOIN alumni_counts AS a USING (group_type, group_value, year)
),

final AS (
    SELECT year, group_type, group_value, measure, NULL::VARCHAR AS detail, count
    FROM per_measure
    UNPIVOT (count FOR measure IN (students, girls, schools, universities, mentors, alumni, alumni_responded))
    UNION ALL
    SELECT g.year, g.group_type, g.group_value, 'mentors', t.detail, coalesce(tc.count, 0)
    FROM grid AS g
    CROSS JOIN titles AS t
    LEFT JOIN title_counts AS tc
        ON tc.group_type = g.group_type AND tc.group_value = g.group_value
        AND tc.year = g.year AND tc.detail = t.detail
)

SELECT year, group_type, group_value, measure, detail, count::BIGINT AS count
FROM final
ORDER BY year, group_type, group_value, measure, detail NULLS FIRST;
