/* audit.row_units: The reporting unit of every rejected row (quarantine.rejected_rows) and
every row with a warning (audit.row_warnings), one row each: the province the row itself
names (学员名单 and 申请 rows), else the cohort province of the person the row is about,
else the one unit the file's name names (e.g. 考核_上海.csv; a row whose person is unknown
still reaches the unit that sent it); NULL when none of these is known. The public tables
that count rejected rows and warnings by unit read it, so every count by unit uses one rule.

province_code: The reporting unit's six-digit code; NULL when not determined.
attributed_by: How the unit was found: row (the row's province), person (the person's
    cohort province), file_name (the file's name); NULL when not determined.
*/
-- audit.row_units: the rule is the temporary view delivered_row_units
-- (pipelines/units/row_units.sql), made for this connection by the asset.
CREATE OR REPLACE TABLE audit.row_units AS
WITH flagged AS (
    SELECT file_path, row_number FROM quarantine.rejected_rows
    UNION
    SELECT file_path, row_number FROM audit.row_warnings
),

final AS (
    SELECT f.file_path, f.row_number, u.province_code, u.attributed_by
    FROM flagged AS f
    JOIN delivered_row_units AS u USING (file_path, row_number)
)

SELECT * FROM final
ORDER BY file_path, row_number;
