-- Files and rows per delivery year and source (data-quality page): from audit.file_ingest.
-- Files outside the year folders (reference files, strays) have year NULL.
WITH files AS (
    SELECT * FROM audit.file_ingest
),

final AS (
    SELECT
        year,
        coalesce(source, '(unknown)') AS source,
        count(*) AS files,
        count(*) FILTER (status = 'rejected') AS files_rejected,
        coalesce(sum(rows_read), 0) AS rows_read,
        coalesce(sum(rows_loaded), 0) AS rows_loaded,
        coalesce(sum(rows_rejected), 0) AS rows_rejected,
        coalesce(sum(rows_warned), 0) AS rows_warned
    FROM files
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY year NULLS FIRST, source;
