-- Every row of every file, accounted for by counts taken independently of
-- audit.file_ingest's own arithmetic: per file, the rows the reader read (rows_read), the
-- rows in the raw layer, the rows staged (yearly sources: one per raw row), the rows
-- accepted (staged, not in quarantine; reference files: their raw rows) and the rows in
-- quarantine; and what audit.file_ingest says it loaded and rejected. Every file the ingest
-- logged is one row, a file rejected whole too (accounted for when no row of it is in the
-- raw layer, staging or quarantine), so the check counts the same files as the run
-- summary and the data-quality page. A file whose rows sit in the raw layer, staging or
-- quarantine without being logged as loaded is listed too (rows_read NULL). One row per
-- file; `accounted` is false where anything disagrees.
-- raw_file_rows and staged_rows are views over every source built from the source
-- registry (pipelines/staging/unions.py).
WITH raw_rows AS (
    SELECT file_path, count(*) AS raw_rows, any_value(year) AS year
    FROM raw_file_rows
    GROUP BY file_path
),

staged_counts AS (
    SELECT file_path, count(*) AS staged_rows FROM staged_rows GROUP BY file_path
),

accepted_rows AS (
    SELECT file_path, count(*) AS accepted_rows
    FROM staged_rows ANTI JOIN quarantine.rejected_rows USING (file_path, row_number)
    GROUP BY file_path
),

quarantined_rows AS (
    SELECT file_path, count(*) AS quarantined_rows, any_value(year) AS year
    FROM quarantine.rejected_rows
    GROUP BY file_path
),

logged AS (
    SELECT file_path, year, source, status, rows_read, rows_loaded, rows_rejected
    FROM audit.file_ingest
),

files AS (
    SELECT file_path FROM logged
    UNION SELECT file_path FROM raw_rows
    UNION SELECT file_path FROM staged_counts
    UNION SELECT file_path FROM quarantined_rows
),

counted AS (
    SELECT
        f.file_path,
        coalesce(l.year, r.year, q.year) AS year,
        l.source,
        l.status = 'rejected' AS rejected_file,
        l.source IS NOT NULL AND l.year IS NULL AS reference_file,
        l.rows_read,
        coalesce(r.raw_rows, 0) AS raw_rows,
        coalesce(s.staged_rows, 0) AS staged_rows,
        coalesce(a.accepted_rows, 0) AS accepted_rows,
        coalesce(q.quarantined_rows, 0) AS quarantined_rows,
        l.rows_loaded,
        l.rows_rejected
    FROM files AS f
    LEFT JOIN logged AS l USING (file_path)
    LEFT JOIN raw_rows AS r USING (file_path)
    LEFT JOIN staged_counts AS s USING (file_path)
    LEFT JOIN accepted_rows AS a USING (file_path)
    LEFT JOIN quarantined_rows AS q USING (file_path)
),

final AS (
    SELECT
        *,
        CASE WHEN reference_file THEN raw_rows ELSE accepted_rows END AS loaded_rows,
        CASE
            WHEN rejected_file THEN raw_rows = 0 AND staged_rows = 0 AND quarantined_rows = 0
            ELSE rows_read IS NOT NULL
                AND raw_rows = rows_read
                AND (reference_file OR staged_rows = raw_rows)
                AND (CASE WHEN reference_file THEN raw_rows ELSE accepted_rows END) + quarantined_rows = rows_read
                AND rows_loaded = (CASE WHEN reference_file THEN raw_rows ELSE accepted_rows END)
                AND rows_rejected = quarantined_rows
                AND rows_loaded + rows_rejected = rows_read
        END AS accounted
    FROM counted
)

SELECT * FROM final
ORDER BY year NULLS FIRST, file_path
