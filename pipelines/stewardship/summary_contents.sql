-- Every file of each unit and delivery year: the files with rows of the unit (or, rejected
-- whole, named for it), the unit's counts, and the file's own rows rejected (whether it
-- has a rejection workbook).
SELECT
    u.year,
    u.province_code,
    u.file_path,
    u.source,
    u.status,
    u.reason,
    f.message_zh,
    u.version,
    u.rows_read,
    u.rows_loaded,
    u.rows_rejected,
    u.rows_warned
FROM audit.file_units AS u
JOIN audit.file_ingest AS f USING (file_path)
WHERE u.year IS NOT NULL AND u.province_code IS NOT NULL
ORDER BY u.year, u.province_code, u.file_path;
