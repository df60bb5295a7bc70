/* audit.file_ingest: Every file found under the input directory, once: its path relative
to the input, source, year, SHA-256, status (loaded or rejected), the reason and a
message a data steward can send back to the province, and its row counts: rows read,
rows loaded and rows rejected by the row rules, rows with warnings.

year: Year folder of the file; NULL for reference files and files outside a year folder.
source: The source the file name names; NULL when it names none.
file_format: The file's format by its extension: csv, xlsx, xls (or another, for a
    rejected file).
sha256: SHA-256 of the file's bytes: a changed file is a re-delivery.
size_bytes: File size in bytes.
status: loaded, or rejected (the whole file).
reason: For a rejected file: unknown_source, missing_column or unreadable.
message: For a rejected file: what is wrong, in words a data steward can send back to
    the province (English).
message_zh: The same message in Chinese.
sheet: The worksheet read (workbooks).
encoding: The text encoding detected for a CSV file: utf-8, utf-8-sig or gb18030; NULL
    for workbooks.
header_row: The row the header was found in, as seen in Excel.
headers: JSON object: each contract column the file has (English name) → its header
    cell exactly as delivered (e.g. "hours": "HOURS"), so a message names the column as
    the file does; NULL for a rejected file.
rows_read: Data rows read from the file.
rows_loaded: Rows accepted (reached staging and were not rejected); NULL for a rejected
    file.
rows_rejected: Rows rejected by the row rules (their reasons are in the
    quarantine); NULL for a rejected file.
rows_warned: Accepted rows with at least one warning (audit.row_warnings); NULL for a
    rejected file.
ingested_at: When the file was read.
*/
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
        d.message_zh,
        d.sheet,
        d.encoding,
        d.header_row,
        d.headers,
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
