/* core.applicants: Every accepted applicant row (申请) of a year, selected or not:
person_key, province, school, grade, discipline, gender, selection_score (学科潜质测试) and
selected.

year: The application year (delivery year).
*/
-- core.applicants: accepted 申请 rows: every applicant of a year, selected or not.
CREATE OR REPLACE TABLE core.applicants AS
SELECT
    person_key, year, province AS province_code, school, grade, discipline, gender,
    selection_score, selected, file_path, row_number
FROM staging.applicants
WHERE row_reason IS NULL
ORDER BY year, discipline, person_key;
