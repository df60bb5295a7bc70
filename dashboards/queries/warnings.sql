-- Warnings on accepted rows per delivery year, source and reason (data-quality page).
SELECT year, source, reason, count(*) AS rows
FROM audit.row_warnings
GROUP BY ALL
ORDER BY year, source, reason;
