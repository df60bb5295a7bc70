-- What each delivered file's steward workbook is made of, as one digest per file with
-- rejected rows or warnings (the contents are compared, not fetched, to find workbooks
-- left unchanged): the file's bytes (its SHA-256: the delivered cells and headers the
-- workbook shows), every rejected row with all its reasons and related row, and every
-- warning. $layout: the version of the workbook's layout and texts
-- (pipelines.stewardship.workbooks).
WITH rejected AS (
    SELECT
        file_path,
        string_agg(
            concat_ws(
                chr(31), row_number, CAST(reasons AS VARCHAR), coalesce(related_file_path, ''),
                coalesce(CAST(related_row_number AS VARCHAR), ''),
                coalesce(CAST(person_cohort_year AS VARCHAR), ''),
                coalesce(CAST(raw_values AS VARCHAR), '')
            ),
            chr(30) ORDER BY row_number
        ) AS rows
    FROM quarantine.rejected_rows
    GROUP BY file_path
),

warned AS (
    SELECT
        file_path,
        string_agg(
            concat_ws(chr(31), row_number, reason, coalesce(column_name, '')),
            chr(30) ORDER BY row_number, reason, column_name
        ) AS rows
    FROM audit.row_warnings
    GROUP BY file_path
)

SELECT
    f.source,
    f.file_path,
    f.year,
    sha256(
        $layout || chr(29) || coalesce(f.sha256, '') || chr(29) || coalesce(f.headers, '')
        || chr(29) || coalesce(r.rows, '') || chr(29) || coalesce(w.rows, '')
    ) AS digest
FROM audit.file_ingest AS f
LEFT JOIN rejected AS r USING (file_path)
LEFT JOIN warned AS w USING (file_path)
WHERE r.rows IS NOT NULL OR w.rows IS NOT NULL
ORDER BY f.file_path;
