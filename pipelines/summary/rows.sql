-- Rows read, loaded, rejected and warned per delivery year, for `yingcai run`'s summary.
SELECT
    year,
    sum(rows_read) AS rows_read,
    sum(rows_loaded) AS rows_loaded,
    sum(rows_rejected) AS rows_rejected,
    sum(rows_warned) AS rows_warned
FROM audit.file_ingest
WHERE year IS NOT NULL AND status = 'loaded'
GROUP BY year
ORDER BY year;
