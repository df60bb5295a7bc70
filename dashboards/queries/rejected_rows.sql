-- Rejected rows per delivery year, source, reason and reporting unit (data-quality page).
-- The unit is the province the row itself names (cohort and applicant rows), else the
-- cohort province of the person the row is about; NULL when neither is known. Counts of
-- rows only: no key, no delivered value leaves this query.
WITH rejected AS (
    SELECT file_path, row_number, source, year, reason, person_key
    FROM quarantine.rejected_rows
),

row_provinces AS (
    SELECT file_path, row_number, province AS province_code FROM staging.cohort
    UNION ALL
    SELECT file_path, row_number, province FROM staging.applicants
),

final AS (
    SELECT
        r.year,
        r.source,
        r.reason,
        coalesce(rp.province_code, p.province_code) AS province_code,
        count(*) AS rows
    FROM rejected AS r
    LEFT JOIN row_provinces AS rp USING (file_path, row_number)
    LEFT JOIN core.persons AS p USING (person_key)
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY year, source, reason, province_code NULLS LAST;
