-- Files rejected whole, with the message for the province (data-quality page).
SELECT file_path, year, reason, message
FROM audit.file_ingest
WHERE status = 'rejected'
ORDER BY year NULLS FIRST, file_path;
