/* audit.row_warnings: Warnings on accepted rows, which are kept (contract.md):
gender_mismatch and birth_date_mismatch (the ID wins), unknown_university,
unknown_mentor, repeat_cohort and roster_id_invalid; one row per warning with file_path, row_number,
source, year, reason and column_name.

reason: The warning: gender_mismatch, birth_date_mismatch, unknown_university,
    unknown_mentor, repeat_cohort or roster_id_invalid (a topnotch_roster row whose
    national ID fails the check: linked by its other fields).
column_name: The column the warning is about; NULL for repeat_cohort.
*/
-- audit.row_warnings: issues recorded on accepted rows, which are kept (contract.md warn
-- rules). A row may carry several.
CREATE OR REPLACE TABLE audit.row_warnings AS
WITH accepted_cohort AS (
    SELECT * FROM staging.cohort WHERE row_reason IS NULL
),

accepted_applicants AS (
    SELECT * FROM staging.applicants WHERE row_reason IS NULL
),

accepted_training AS (
    SELECT t.*
    FROM staging.training AS t
    ANTI JOIN quarantine.rejected_rows AS q USING (file_path, row_number)
    WHERE t.row_reason IS NULL
),

accepted_rosters AS (
    SELECT * FROM staging.topnotch_roster WHERE row_reason IS NULL
),

known_mentors AS (
    SELECT mentor_id FROM staging.mentors
),

warnings AS (
    SELECT 'cohort' AS source, year, file_path, row_number, person_key,
        'gender_mismatch' AS reason, 'gender' AS column_name
    FROM accepted_cohort WHERE gender_mismatch
    UNION ALL
    SELECT 'cohort', year, file_path, row_number, person_key, 'birth_date_mismatch', 'birth_date'
    FROM accepted_cohort WHERE birth_date_mismatch
    UNION ALL
    SELECT 'cohort', year, file_path, row_number, person_key, 'unknown_university', 'university'
    FROM accepted_cohort WHERE university_code IS NULL
    UNION ALL
    SELECT 'cohort', c.year, c.file_path, c.row_number, c.person_key, 'unknown_mentor', 'mentor_id'
    FROM accepted_cohort AS c ANTI JOIN known_mentors USING (mentor_id)
    UNION ALL
    SELECT 'cohort', c.year, c.file_path, c.row_number, c.person_key, 'repeat_cohort', NULL
    FROM accepted_cohort AS c JOIN core.persons AS p USING (person_key)
    WHERE c.year > p.cohort_year
    UNION ALL
    SELECT 'applicants', year, file_path, row_number, person_key, 'gender_mismatch', 'gender'
    FROM accepted_applicants WHERE gender_mismatch
    UNION ALL
    SELECT 'training', t.year, t.file_path, t.row_number, t.person_key, 'unknown_mentor', 'mentor_id'
    FROM accepted_training AS t ANTI JOIN known_mentors USING (mentor_id)
    WHERE t.mentor_id IS NOT NULL
    UNION ALL
    SELECT 'topnotch_roster', year, file_path, row_number, person_key, 'gender_mismatch', 'gender'
    FROM accepted_rosters WHERE gender_mismatch
    UNION ALL
    SELECT 'topnotch_roster', year, file_path, row_number, person_key, 'birth_date_mismatch', 'birth_date'
    FROM accepted_rosters WHERE birth_date_mismatch
    UNION ALL
    SELECT 'topnotch_roster', year, file_path, row_number, person_key, 'unknown_university', 'university'
    FROM accepted_rosters WHERE university_code IS NULL
    UNION ALL
    SELECT 'topnotch_roster', year, file_path, row_number, person_key, 'roster_id_invalid', 'national_id'
    FROM accepted_rosters WHERE national_id_invalid
)

SELECT * FROM warnings
ORDER BY year, source, file_path, row_number, reason;
