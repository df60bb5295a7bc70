-- core.training_activities: accepted 培养记录 rows, one per activity. Not sorted: at
-- national scale (ten million rows) sorting took half the step; order rows in the query.
CREATE OR REPLACE TABLE core.training_activities AS
WITH accepted AS (
    SELECT s.*
    FROM staging.training AS s
    ANTI JOIN quarantine.rejected_rows AS q USING (file_path, row_number)
    WHERE s.row_reason IS NULL
)

SELECT person_key, year, activity_date, activity_type, hours, mentor_id, file_path, row_number
FROM accepted;
