-- Files and rows read per year and source, for the summary `yingcai run` prints.
SELECT
    coalesce(CAST(year AS VARCHAR), 'reference') AS year,
    coalesce(source, '(unknown)') AS source,
    count(*) AS files,
    count(*) FILTER (status = 'rejected') AS files_rejected,
    coalesce(sum(rows_read) FILTER (status = 'loaded'), 0) AS rows_read
FROM audit.file_ingest
GROUP BY ALL
ORDER BY year, source;
