-- Working tables of marts.metric_values (temporary: this connection only).

-- metric_cohorts: one row per cohort year. assessed: assessment data for year Y exists (at
-- least one accepted assessment row with year = Y), so completion, excellence and
-- withdrawal are defined. data_horizon: H, the largest survey year among accepted followup
-- rows (NULL before the first survey).
CREATE OR REPLACE TEMP TABLE metric_cohorts AS
WITH cohorts AS (
    SELECT cohort_year, count(*) AS persons
    FROM core.persons
    GROUP BY cohort_year
),

assessed_years AS (
    SELECT DISTINCT year AS cohort_year FROM core.assessments
),

horizon AS (
    SELECT max(survey_year) AS data_horizon FROM core.survey_responses
)

SELECT c.cohort_year, c.persons, a.cohort_year IS NOT NULL AS assessed, h.data_horizon
FROM cohorts AS c
LEFT JOIN assessed_years AS a USING (cohort_year)
CROSS JOIN horizon AS h
ORDER BY c.cohort_year;

-- metric_person_ids: person_id numbers the persons, so that the working tables join on
-- an integer.
CREATE OR REPLACE TEMP TABLE metric_person_ids AS
SELECT row_number() OVER (ORDER BY person_key) AS person_id, person_key, cohort_year
FROM core.persons;

-- metric_responses: every person's survey years after the cohort year, as horizon S − Y.
CREATE OR REPLACE TEMP TABLE metric_responses AS
SELECT DISTINCT i.person_id, r.survey_year - i.cohort_year AS horizon
FROM metric_person_ids AS i
JOIN core.survey_responses AS r ON r.person_key = i.person_key AND r.survey_year > i.cohort_year;

-- metric_persons: every person once per group formed from their cohort attributes (the
-- national group, province, discipline, gender, grade, university, mentor title; no row
-- for an unknown university or mentor title), with the person-level outcomes of
-- metrics.md from core.person_outcomes. The boolean outcomes are the person flags the
-- metric registry's rates count (pipelines/registry/metrics.py: numerator, denominator).
CREATE OR REPLACE TEMP TABLE metric_persons AS
WITH attributes AS (
    SELECT
        i.person_id,
        p.person_key,
        p.cohort_year,
        CAST($national AS VARCHAR) AS national,
        p.province_code AS province,
        p.discipline,
        p.gender,
        p.grade,
        p.university_code AS university,
        p.mentor_title
    FROM core.persons AS p
    JOIN metric_person_ids AS i USING (person_key)
),

outcomes AS (
    SELECT
        person_key,
        training_hours,
        completed,
        excellent,
        withdrew,
        responses > 0 AS reached,
        entered_university,
        -- the category of the latest response with a non-empty major (NULL: unknown)
        entered_university AND latest_major_category = '基础学科' AS basic_major,
        entered_university AND latest_major_category IS NOT NULL AS known_major,
        entered_university AND latest_major IS NOT NULL AND latest_major_category IS NULL
            AS unknown_major,
        entered_university AND latest_major IS NOT NULL AS with_major,
        entered_university AND qiangji AS qiangji,
        graduate_study,
        topnotch_time,
        CASE WHEN topnotch_time IS NULL THEN censoring_time END AS censoring_time
    FROM core.person_outcomes
),

persons AS (
    SELECT a.* EXCLUDE (person_key), o.* EXCLUDE (person_key)
    FROM attributes AS a
    JOIN outcomes AS o USING (person_key)
)

UNPIVOT persons
ON national, province, discipline, gender, grade, university, mentor_title
INTO NAME group_type VALUE group_value;
