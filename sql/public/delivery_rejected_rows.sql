/* public.delivery_rejected_rows: Rejected rows per delivery year, source, reason and
reporting unit (quarantine.rejected_rows). The unit is the province the row itself names
(学员名单 and 申请 rows), else the cohort province of the person the row is about; NULL
when neither is known. Counts of delivered rows, not of students: not suppressed; no key
and no delivered value is published.

year: Delivery year (the year folder).
source: The delivery source of the file the rows come from.
reason: The reason code of the first contract rule the row breaks (docs/input-contract.md).
province_code: The reporting unit's six-digit code; NULL when not determined.
rows: Rows rejected.
*/
-- public.delivery_rejected_rows: from the attached warehouse (catalog `warehouse`): the
-- quarantine, the staged cohort and applicant rows (their province) and core.persons.
CREATE OR REPLACE TABLE public.delivery_rejected_rows AS
WITH rejected AS (
    SELECT file_path, row_number, source, year, reason, person_key
    FROM warehouse.quarantine.rejected_rows
),

row_provinces AS (
    SELECT file_path, row_number, province AS province_code FROM warehouse.staging.cohort
    UNION ALL
    SELECT file_path, row_number, province FROM warehouse.staging.applicants
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
    LEFT JOIN warehouse.core.persons AS p USING (person_key)
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY year, source, reason, province_code NULLS LAST;
