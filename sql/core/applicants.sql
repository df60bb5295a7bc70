/* core.applicants: Every accepted applicant row (申请) of a year, selected or not:
person_key, province, school, grade, discipline, gender, selection_score (学科潜质测试) and
selected, and whether the person has an accepted cohort row of the same year.

year: The application year (delivery year).
in_cohort: The person has an accepted 学员名单 row of the same year (for a selected
    applicant: the two sources agree).
*/
-- core.applicants: accepted 申请 rows: every applicant of a year, selected or not, with
-- whether an accepted cohort row of the same year names the person.
CREATE OR REPLACE TABLE core.applicants AS
WITH cohort_years AS (
    SELECT DISTINCT person_key, year
    FROM staging.cohort
    WHERE row_reason IS NULL
)

SELECT
    a.person_key, a.year, a.province AS province_code, a.school, a.grade, a.discipline, a.gender,
    a.selection_score, a.selected, c.person_key IS NOT NULL AS in_cohort, a.file_path, a.row_number
FROM staging.applicants AS a
LEFT JOIN cohort_years AS c USING (person_key, year)
WHERE a.row_reason IS NULL
ORDER BY a.year, a.discipline, a.person_key;
