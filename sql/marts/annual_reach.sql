/* marts.annual_reach: The programme's reach per year, nationally and for each of the 32
reporting units, in long form (one row per year, group, measure and detail): students
selected, girls' share, secondary schools, training universities and mentors of the
year's cohort, and the survey response rate of the alumni (校友跟踪覆盖率). Years: every
year from the first cohort year to the later of the last cohort year and H (the last
survey year); every year has a row for the nation and for every unit, zeros included. A
person's unit is their cohort province (core.persons). The response rate is each unit's
own count of persons, never a sum of cells. Unsuppressed (small cells are for analysts
only): public.annual_reach is the published edition.

year: The cohort year of the cohort measures (students, girls_share, schools,
    universities, mentors); the survey year of survey_response_rate.
group_type: national or province.
group_value: all (national) or the unit's six-digit GB/T 2260 code.
measure: students (persons of cohort `year`); girls_share (girls among them); schools
    (distinct secondary schools of the cohort; a school is its name within its unit, so the
    national figure is the sum of the units'); universities (distinct training universities,
    by university_code; an unmatched university name is not counted); mentors (distinct
    mentors, by 导师编号); survey_response_rate (alumni — persons of the unit's cohorts
    before `year` — with a response of survey year `year`, among the alumni).
detail: For mentors: NULL for all mentors, or a mentor title (院士, 长江学者, 杰青, 国家级教学名师,
    省级教学名师, 其他) for the mentors with that title in reference/mentors.csv (a mentor not in
    it counts only in the NULL row). NULL for the other measures.
numerator: girls_share: girls (性别 女); survey_response_rate: alumni who responded in
    `year`. NULL for the counts.
denominator: girls_share: students; survey_response_rate: alumni. NULL for the counts.
value: The count (students, schools, universities, mentors) or the share numerator /
    denominator; NULL where the denominator is 0, and survey_response_rate is NULL in every
    column in a year without a survey (no accepted follow-up row has that survey year).
ci_low: Lower end of the 95% Wilson interval of a share; NULL for counts and where value is NULL.
ci_high: Upper end of the 95% Wilson interval (as ci_low).
*/
-- marts.annual_reach: counted per person from core.persons and core.survey_responses.
-- $national, $province_codes and $mentor_titles are the fixed groups and titles (every
-- one has rows, zeros included); wilson_low / wilson_high are the Wilson interval of
-- pipelines/metrics/statistics.py (pipelines/metrics/sql_statistics.py).
CREATE OR REPLACE TABLE marts.annual_reach AS
WITH surveys AS (
    SELECT DISTINCT person_key, survey_year FROM core.survey_responses
),

bounds AS (
    SELECT
        min(cohort_year) AS first_year,
        greatest(max(cohort_year), (SELECT max(survey_year) FROM surveys)) AS last_year
    FROM core.persons
),

years AS (
    SELECT unnest(range(first_year, last_year + 1))::INTEGER AS year
    FROM bounds
    WHERE first_year IS NOT NULL
),

survey_years AS (
    SELECT DISTINCT survey_year AS year FROM surveys
),

groups AS (
    SELECT 'national' AS group_type, $national AS group_value, 0 AS position
    UNION ALL
    SELECT 'province', unnest($province_codes), unnest(range(1, len($province_codes) + 1))
),

titles AS (
    SELECT unnest($mentor_titles) AS detail, unnest(range(1, len($mentor_titles) + 1)) AS position
),

-- every person counted in the nation and in their unit
group_persons AS (
    SELECT 'national' AS group_type, $national AS group_value, p.* FROM core.persons AS p
    UNION ALL
    SELECT 'province', p.province_code, p.* FROM core.persons AS p
),

cohorts AS (
    SELECT
        group_type,
        group_value,
        cohort_year AS year,
        count(*) AS students,
        count(*) FILTER (gender = '女') AS girls,
        count(DISTINCT (province_code, school)) FILTER (school IS NOT NULL) AS schools,
        count(DISTINCT university_code) AS universities,
        count(DISTINCT mentor_id) AS mentors
    FROM group_persons
    GROUP BY ALL
),

mentors_by_title AS (
    SELECT group_type, group_value, cohort_year AS year, mentor_title AS detail, count(DISTINCT mentor_id) AS mentors
    FROM group_persons
    WHERE mentor_title IS NOT NULL
    GROUP BY ALL
),

alumni AS (
    SELECT
        g.group_type,
        g.group_value,
        y.year,
        count(*) AS alumni,
        count(s.person_key) AS responded
    FROM group_persons AS g
    JOIN survey_years AS y ON g.cohort_year < y.year
    LEFT JOIN surveys AS s ON s.person_key = g.person_key AND s.survey_year = y.year
    GROUP BY ALL
),

grid AS (
    SELECT y.year, g.group_type, g.group_value, g.position
    FROM years AS y
    CROSS JOIN groups AS g
),

counted AS (
    SELECT
        grid.*,
        coalesce(c.students, 0) AS students,
        coalesce(c.girls, 0) AS girls,
        coalesce(c.schools, 0) AS schools,
        coalesce(c.universities, 0) AS universities,
        coalesce(c.mentors, 0) AS mentors,
        sy.year IS NOT NULL AS surveyed,
        coalesce(a.alumni, 0) AS alumni,
        coalesce(a.responded, 0) AS responded
    FROM grid
    LEFT JOIN cohorts AS c USING (year, group_type, group_value)
    LEFT JOIN alumni AS a USING (year, group_type, group_value)
    LEFT JOIN survey_years AS sy USING (year)
),

measures AS (
    SELECT year, group_type, group_value, position, 1 AS measure_rank, 'students' AS measure,
        NULL AS detail, 0 AS detail_rank, NULL::BIGINT AS numerator, NULL::BIGINT AS denominator,
        students::DOUBLE AS value
    FROM counted
    UNION ALL
    SELECT year, group_type, group_value, position, 2, 'girls_share', NULL, 0, girls, students,
        girls / nullif(students, 0)
    FROM counted
    UNION ALL
    SELECT year, group_type, group_value, position, 3, 'schools', NULL, 0, NULL, NULL, schools
    FROM counted
    UNION ALL
    SELECT year, group_type, group_value, position, 4, 'universities', NULL, 0, NULL, NULL, universities
    FROM counted
    UNION ALL
    SELECT year, group_type, group_value, position, 5, 'mentors', NULL, 0, NULL, NULL, mentors
    FROM counted
    UNION ALL
    SELECT c.year, c.group_type, c.group_value, c.position, 5, 'mentors', t.detail, t.position,
        NULL, NULL, coalesce(m.mentors, 0)
    FROM counted AS c
    CROSS JOIN titles AS t
    LEFT JOIN mentors_by_title AS m USING (year, group_type, group_value, detail)
    UNION ALL
    SELECT year, group_type, group_value, position, 6, 'survey_response_rate', NULL, 0,
        CASE WHEN surveyed THEN responded END,
        CASE WHEN surveyed THEN alumni END,
        CASE WHEN surveyed THEN responded / nullif(alumni, 0) END
    FROM counted
),

final AS (
    SELECT
        year::INTEGER AS year,
        group_type::VARCHAR AS group_type,
        group_value::VARCHAR AS group_value,
        measure::VARCHAR AS measure,
        detail::VARCHAR AS detail,
        numerator::BIGINT AS numerator,
        denominator::BIGINT AS denominator,
        value::DOUBLE AS value,
        CASE WHEN numerator IS NOT NULL THEN wilson_low(numerator, denominator) END AS ci_low,
        CASE WHEN numerator IS NOT NULL THEN wilson_high(numerator, denominator) END AS ci_high,
        position,
        measure_rank,
        detail_rank
    FROM measures
)

SELECT * EXCLUDE (position, measure_rank, detail_rank)
FROM final
ORDER BY year, position, measure_rank, detail_rank;
