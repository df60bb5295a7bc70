-- current_versions: the current version of every file now delivered.
CREATE OR REPLACE TEMP TABLE current_versions AS
SELECT file_path, max(version) AS version
FROM audit.file_versions
WHERE file_path IN (SELECT file_path FROM raw.delivered_files)
GROUP BY file_path;

-- Their rejected rows, with the national ID as delivered (normalised in Python) and the
-- row's unit (audit.row_units).
SELECT
    q.file_path,
    v.version,
    q.row_number,
    q.reason,
    q.raw_values ->> 'national_id' AS delivered_id,
    u.province_code
FROM quarantine.rejected_rows AS q
JOIN current_versions AS v USING (file_path)
LEFT JOIN audit.row_units AS u USING (file_path, row_number)
ORDER BY q.file_path, q.row_number;
