-- delivered_row_units: the reporting unit of every delivered row (file_path, row_number),
-- reference files included, and how it was found:
--   'row'       the province the row itself names (学员名单 and 申请 rows);
--   'person'    else the cohort province of the person the row is about (core.persons);
--   'file_name' else the one unit the file's name names (a row whose person is unknown —
--               an unreadable ID, an unknown student — still reaches the unit that sent it);
--   NULL        none of these: the row belongs to no unit (province_code NULL).
-- Reads the temporary views of pipelines/staging/unions.py and the temporary table
-- file_name_units (pipelines/units/views.py).
CREATE OR REPLACE TEMP VIEW delivered_row_units AS
WITH row_provinces AS (
    SELECT file_path, row_number, province FROM staging.cohort WHERE province IS NOT NULL
    UNION ALL
    SELECT file_path, row_number, province FROM staging.applicants WHERE province IS NOT NULL
),

delivered AS (
    SELECT file_path, row_number, person_key FROM staged_rows
    UNION ALL
    SELECT file_path, row_number, NULL FROM raw_file_rows WHERE reference_file
),

final AS (
    SELECT
        d.file_path,
        d.row_number,
        coalesce(rp.province, p.province_code, f.province_code) AS province_code,
        CASE
            WHEN rp.province IS NOT NULL THEN 'row'
            WHEN p.province_code IS NOT NULL THEN 'person'
            WHEN f.province_code IS NOT NULL THEN 'file_name'
        END AS attributed_by
    FROM delivered AS d
    LEFT JOIN row_provinces AS rp USING (file_path, row_number)
    LEFT JOIN core.persons AS p USING (person_key)
    LEFT JOIN file_name_units AS f USING (file_path)
)

SELECT * FROM final;
