-- File accounting for data stewards: per delivery year and source, the files found,
-- loaded and rejected whole, and the rows read, loaded, rejected and warned; `balanced`
-- is true when every loaded file's rows read = rows loaded + rows rejected.
-- Files outside a year folder (reference files, stray files) are the rows with year NULL.
WITH files AS (
    SELECT * FROM audit.file_ingest
),

final AS (
    SELECT
        year,
        coalesce(source, '(no source)') AS source,
        count(*) AS files,
        count(*) FILTER (status = 'loaded') AS files_loaded,
        count(*) FILTER (status = 'rejected') AS files_rejected,
        coalesce(sum(rows_read), 0) AS rows_read,
        coalesce(sum(rows_loaded), 0) AS rows_loaded,
        coalesce(sum(rows_rejected), 0) AS rows_rejected,
        coalesce(sum(rows_warned), 0) AS rows_warned,
        coalesce(bool_and(rows_read = rows_loaded + rows_rejected) FILTER (status = 'loaded'), TRUE)
            AS balanced
    FROM files
    GROUP BY year, source
)

SELECT * FROM final
ORDER BY year NULLS FIRST, source;
