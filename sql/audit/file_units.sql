/* audit.file_units: Every delivered file's rows by the reporting unit they concern: one
row per (file, unit). A row's unit is the province the row names (学员名单 and 申请), else
the cohort province of its person, else the one unit the file's name names, else none
(province_code NULL) — the rule of audit.row_units. A file with no rows (rejected whole,
or empty) is one row for the unit its name names, or for none. Per file, the units' rows
add up to audit.file_ingest's (the NULL unit included; a file rejected whole counts
NULL rows, as there): rows read = rows loaded + rows
rejected for every unit.

year: Delivery year (the year folder); NULL for the reference files and files outside a
    year folder.
province_code: The reporting unit's six-digit code; NULL when the rows' unit is not
    determined (and for the reference files).
source: The source the file name names; NULL when it names none.
status: The file's status: loaded, or rejected (the whole file).
reason: For a file rejected whole: unknown_source, missing_column or unreadable.
version: The file's version: 1 for the first delivery of its path, 2 … after each
    replacement by new content (audit.file_versions).
rows_read: The unit's rows read from the file; NULL for a file rejected whole (as in
    audit.file_ingest).
rows_loaded: The unit's rows accepted (warned rows included); NULL for a file rejected whole.
rows_rejected: The unit's rows rejected (their reasons are in the quarantine); NULL for a
    file rejected whole.
rows_warned: The unit's accepted rows with at least one warning; NULL for a file rejected
    whole.
*/
-- audit.file_units: delivered_row_units (pipelines/units/row_units.sql) gives every row
-- its unit; a file without rows takes its name's unit from file_name_units.
CREATE OR REPLACE TABLE audit.file_units AS
WITH files AS (
    SELECT * FROM audit.file_ingest
),

rejected AS (
    SELECT DISTINCT file_path, row_number FROM quarantine.rejected_rows
),

warned AS (
    SELECT DISTINCT file_path, row_number FROM audit.row_warnings
),

unit_rows AS (
    SELECT
        u.file_path,
        u.province_code,
        count(*) AS rows_read,
        count(r.row_number) AS rows_rejected,
        count(w.row_number) AS rows_warned
    FROM delivered_row_units AS u
    LEFT JOIN rejected AS r USING (file_path, row_number)
    LEFT JOIN warned AS w USING (file_path, row_number)
    GROUP BY ALL
),

without_rows AS (
    SELECT
        f.file_path,
        n.province_code,
        CASE WHEN f.status = 'loaded' THEN 0 END AS rows_read,
        CASE WHEN f.status = 'loaded' THEN 0 END AS rows_rejected,
        CASE WHEN f.status = 'loaded' THEN 0 END AS rows_warned
    FROM files AS f
    LEFT JOIN file_name_units AS n USING (file_path)
    ANTI JOIN unit_rows AS u USING (file_path)
),

versions AS (
    SELECT file_path, max(version) AS version
    FROM audit.file_versions
    GROUP BY file_path
),

final AS (
    SELECT
        f.year,
        u.province_code,
        f.file_path,
        f.source,
        f.status,
        f.reason,
        v.version,
        u.rows_read::BIGINT AS rows_read,
        (u.rows_read - u.rows_rejected)::BIGINT AS rows_loaded,
        u.rows_rejected::BIGINT AS rows_rejected,
        u.rows_warned::BIGINT AS rows_warned
    FROM files AS f
    JOIN (SELECT * FROM unit_rows UNION ALL SELECT * FROM without_rows) AS u USING (file_path)
    LEFT JOIN versions AS v USING (file_path)
)

SELECT * FROM final
ORDER BY year NULLS FIRST, province_code NULLS LAST, file_path;
