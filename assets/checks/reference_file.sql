-- A reference file as the last ingest logged it: loaded or rejected, and why.
SELECT status, reason, rows_read
FROM raw.delivered_files
WHERE file_path = ?
