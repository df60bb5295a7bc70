-- What each delivered file's rejection workbook is made of: its rejected rows in order,
-- as one digest (the rows are compared, not fetched, to find workbooks left unchanged).
-- $layout: the version of the workbook's layout (pipelines.stewardship.workbooks).
SELECT
    source,
    file_path,
    sha256(
        $layout || chr(30) || string_agg(
            concat_ws(chr(31), row_number, reason, coalesce(column_name, ''), coalesce(CAST(raw_values AS VARCHAR), '')),
            chr(30) ORDER BY row_number
        )
    ) AS digest
FROM quarantine.rejected_rows
GROUP BY source, file_path
ORDER BY file_path;
