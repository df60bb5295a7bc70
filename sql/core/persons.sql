-- core.persons: one row per person selected into the programme. The cohort year is the
-- earliest year among the person's accepted cohort rows; the cohort attributes are that
-- row's (first in file-name then row order when one year has two).
CREATE OR REPLACE TABLE core.persons AS
WITH accepted_cohort_rows AS (
    SELECT * FROM staging.cohort WHERE row_reason IS NULL
),

ranked AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY person_key ORDER BY year, file_path, row_number) AS rank,
        count(*) OVER (PARTITION BY person_key) AS cohort_rows,
        count(DISTINCT year) OVER (PARTITION BY person_key) AS cohort_years
    FROM accepted_cohort_rows
),

final AS (
    SELECT
        r.person_key,
        r.cohort_year,
        r.province AS province_code,
        r.school,
        r.grade,
        r.discipline,
        r.gender,
        r.birth_date,
        r.university AS university_as_delivered,
        r.university_code,
        r.mentor_id,
        m.title AS mentor_title,
        r.cohort_years > 1 AS selected_again,
        r.file_path AS cohort_file_path,
        r.row_number AS cohort_row_number
    FROM ranked AS r
    LEFT JOIN staging.mentors AS m USING (mentor_id)
    WHERE r.rank = 1
)

SELECT * FROM final
ORDER BY cohort_year, person_key;
