-- audit.file_ingest: every file under the input directory and what became of it.
-- rows_loaded counts the file's rows that reached staging and were not rejected;
-- rows_rejected its rows in quarantine; the check rows_accounted_for asserts that
-- rows_read = rows_loaded + rows_rejected for every loaded file. A file rejected whole
-- loads nothing and counts no rows read. staged_rows and raw_file_rows are views over
-- every source built from the source registry (pipelines/staging/unions.py).
CREATE OR REPLACE TABLE audit.file_ingest AS
WITH delivered AS (
    SELECT * FROM raw.delivered_files
),

loaded_per_file AS (
    SELECT file_path, count(*) AS rows_loaded
    FROM staged_rows ANTI JOIN quarantine.rejected_rows USING (file_path, row_number)
    GROUP BY file_path
    UNION ALL
    SELECT file_path, count(*) FROM raw_file_rows WHERE reference_file GROUP BY file_path
),

rejected_per_file AS (
    SELECT file_path, count(*) AS rows_rejected
    FROM quarantine.rejected_rows
    GROUP BY file_path
),

warned_per_file AS (
    SELECT file_path, count(DISTINCT row_number) AS rows_warned
    FROM audit.row_warnings
    GROUP BY file_path
),

final AS (
    SELECT
        d.file_path,
        d.source,
        d.year,
        d.file_format,
        d.sha256,
        d.size_bytes,
        d.status,
        d.reason,
        d.message,
        d.sheet,
        d.encoding,
        d.header_row,
        d.rows_read,
        CASE WHEN d.status = 'loaded' THEN coalesce(l.rows_loaded, 0) END AS rows_loaded,
        CASE WHEN d.status = 'loaded' THEN coalesce(r.rows_rejected, 0) END AS rows_rejected,
        CASE WHEN d.status = 'loaded' THEN coalesce(w.rows_warned, 0) END AS rows_warned,
        d.ingested_at
    FROM delivered AS d
    LEFT JOIN loaded_per_file AS l USING (file_path)
    LEFT JOIN rejected_per_file AS r USING (file_path)
    LEFT JOIN warned_per_file AS w USING (file_path)
)

SELECT * FROM final
ORDER BY year NULLS FIRST, file_path;
