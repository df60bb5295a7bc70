-- Working tables of the selection (applicant) metrics of marts.metric_values (temporary).

-- metric_application_years: every year that is a cohort year or an application year.
-- applied: applicants data exists for the year (at least one accepted applicant row), so
-- the applicant metrics are defined.
CREATE OR REPLACE TEMP TABLE metric_application_years AS
WITH application_years AS (
    SELECT DISTINCT year AS cohort_year FROM core.applicants
)

SELECT cohort_year, a.cohort_year IS NOT NULL AS applied
FROM metric_cohorts
FULL JOIN application_years AS a USING (cohort_year)
ORDER BY cohort_year;

-- metric_applications: every application (a person once per application year: the
-- latest of their rows of the year in file-name then row order) once per group formed
-- from that row (national, province, discipline, gender, grade), with its score and the
-- applicant flags the metric registry's applicant rates count (selected,
-- selected_in_cohort: also in an accepted cohort row of the year).
CREATE OR REPLACE TEMP TABLE metric_applications AS
WITH latest AS (
    SELECT *
    FROM core.applicants
    QUALIFY row_number() OVER (PARTITION BY person_key, year ORDER BY file_path DESC, row_number DESC) = 1
),

applications AS (
    SELECT
        year AS cohort_year,
        CAST($national AS VARCHAR) AS national,
        province_code AS province,
        discipline,
        gender,
        grade,
        selection_score AS score,
        selected,
        selected AND in_cohort AS selected_in_cohort
    FROM latest
)

UNPIVOT applications
ON national, province, discipline, gender, grade
INTO NAME group_type VALUE group_value;
