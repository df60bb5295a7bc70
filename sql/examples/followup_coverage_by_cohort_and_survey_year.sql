-- Follow-up coverage by cohort and survey year, from the person-level core tables (for
-- analysts: unsuppressed): of the persons of cohort Y, the share who answered the
-- follow-up survey of year S (S > Y), one row per cohort, one column per survey year.
-- public.metric_values has the published figure (metric followup_coverage, horizon S − Y).
PIVOT (
    WITH cohorts AS (
        SELECT cohort_year, count(*) AS students
        FROM core.persons
        GROUP BY cohort_year
    ),

    responded AS (
        SELECT p.cohort_year, r.survey_year, count(DISTINCT r.person_key) AS responded
        FROM core.survey_responses AS r
        JOIN core.persons AS p USING (person_key)
        WHERE r.survey_year > p.cohort_year
        GROUP BY p.cohort_year, r.survey_year
    )

    SELECT c.cohort_year, c.students, r.survey_year, round(r.responded / c.students, 3) AS coverage
    FROM cohorts AS c
    JOIN responded AS r USING (cohort_year)
)
ON survey_year
USING first(coverage)
GROUP BY cohort_year, students
ORDER BY cohort_year;
