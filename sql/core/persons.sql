/* core.persons: One row per person selected into the programme (学员), keyed by person_key.
cohort_year is the earliest year among the person's accepted cohort rows, and the cohort
attributes (province_code, school, grade, discipline, gender, birth_date, university,
mentor and mentor_title) are that row's; selected_again marks a person with accepted
cohort rows in more than one year (repeat_cohort).

cohort_year: The earliest year with an accepted 学员名单 row for the person; the cohort
    attributes below are that row's.
grade: 年级 at selection: 高一 or 高二.
university_as_delivered: 培养高校 as delivered in the cohort row.
university_code: The training university's code; NULL when the delivered name matches
    none (warning unknown_university).
mentor_id: 导师编号 of the person's mentor.
mentor_title: The mentor's title from reference/mentors.csv; NULL when the mentor is not
    in it.
selected_again: True when the person has accepted cohort rows in more than one year
    (warning repeat_cohort).
cohort_file_path: The file of the cohort row the attributes come from.
cohort_row_number: That row's number as seen in Excel.
*/
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
