/* core.assessments: One row per assessment result (考核): person_key, year, assessment_type
(中期/结业), result (优秀/合格/不合格/退出) and date. Accepted rows only: a staging row with no
row_reason that is not in quarantine.rejected_rows. file_path and row_number lead back
to the delivered row.

year: Delivery year of the assessment (the training year).
*/
-- core.assessments: accepted 考核 rows, one per mid-term (中期) or final (结业) result.
CREATE OR REPLACE TABLE core.assessments AS
WITH accepted AS (
    SELECT s.*
    FROM staging.assessment AS s
    ANTI JOIN quarantine.rejected_rows AS q USING (file_path, row_number)
    WHERE s.row_reason IS NULL
)

SELECT person_key, year, assessment_type, result, assessment_date, file_path, row_number
FROM accepted
ORDER BY person_key, year, assessment_type, file_path, row_number;
