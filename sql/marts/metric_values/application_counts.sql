-- metric_application_counts (temporary): every applicant group ($group_types: the
-- groupings of the registry's applicant metrics) in every year of
-- metric_application_years, with or without applicants: `persons`, per applicant flag
-- ($applicant_flags) the persons with it, and the scores behind the medians.
CREATE OR REPLACE TEMP TABLE metric_application_counts AS
WITH grid AS (
    SELECT g.group_type, g.group_value, y.cohort_year, y.applied
    FROM metric_groups AS g
    CROSS JOIN metric_application_years AS y
    WHERE list_contains($group_types, g.group_type)
)

SELECT
    g.group_type,
    g.group_value,
    g.cohort_year,
    g.applied,
    count(a.cohort_year) AS persons,
    count(a.score) AS scored,
    median(a.score) AS score_median,
    count(a.score) FILTER (a.selected) AS selected_scored,
    median(a.score) FILTER (a.selected) AS selected_score_median,
    -- one column per applicant flag of $applicant_flags, named after it
    count(*) FILTER (COLUMNS(c -> list_contains($applicant_flags, c)))
FROM grid AS g
LEFT JOIN metric_applications AS a USING (group_type, group_value, cohort_year)
GROUP BY ALL;
