/* core.training_activities: One row per training activity (培养记录): person_key, delivery
year, activity_date, activity_type, hours and mentor_id. Accepted rows only: a staging
row with no row_reason that is not in quarantine.rejected_rows. file_path and row_number
lead back to the delivered row.

year: Delivery year of the training record.
mentor_id: 导师编号 given on the training record (may be blank).
*/
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
