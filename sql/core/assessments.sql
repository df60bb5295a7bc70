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
