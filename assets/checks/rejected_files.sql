-- The files rejected whole (unknown_source, missing_column, unreadable), by year; year
-- NULL for a file outside the year folders.
SELECT year, file_path, reason
FROM audit.file_ingest
WHERE status = 'rejected'
ORDER BY year NULLS FIRST, file_path
