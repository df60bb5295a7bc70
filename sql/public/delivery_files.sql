/* public.delivery_files: Files and rows delivered, per delivery year and source, as the
ingest logged them (audit.file_ingest): every file found in the input folder is one file
here, the reference files (year NULL) and the files rejected whole included, so `files`
adds up to the run summary's "in all: N files". Counts of delivered files and rows, not
of students: not suppressed.

year: Delivery year (the year folder); NULL for the reference files outside the year folders.
source: The source the file's name names, or (unknown) for a file that names none.
files: Files delivered, loaded or rejected whole.
files_rejected: Of them, files rejected whole (unknown_source, missing_column, unreadable).
rows_read: Data rows read from the files (rows read = rows loaded + rows rejected).
rows_loaded: Rows accepted (rows with warnings included).
rows_rejected: Rows rejected, each with its reason (public.delivery_rejected_rows).
rows_warned: Accepted rows with at least one warning.
*/
-- public.delivery_files: files and rows per delivery year and source, from the attached
-- warehouse's audit.file_ingest (catalog `warehouse`, pipelines/publish/database.py).
CREATE OR REPLACE TABLE public.delivery_files AS
WITH files AS (
    SELECT * FROM warehouse.audit.file_ingest
),

final AS (
    SELECT
        year,
        coalesce(source, '(unknown)') AS source,
        count(*) AS files,
        count(*) FILTER (status = 'rejected') AS files_rejected,
        coalesce(sum(rows_read), 0)::BIGINT AS rows_read,
        coalesce(sum(rows_loaded), 0)::BIGINT AS rows_loaded,
        coalesce(sum(rows_rejected), 0)::BIGINT AS rows_rejected,
        coalesce(sum(rows_warned), 0)::BIGINT AS rows_warned
    FROM files
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY year NULLS FIRST, source;
