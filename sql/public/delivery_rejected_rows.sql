/* public.delivery_rejected_rows: Rejected rows per delivery year, source, reason and
reporting unit (quarantine.rejected_rows; the unit from audit.row_units: the province the
row itself names (学员名单 and 申请 rows), else the cohort province of the person the row
is about, else the one unit the file's name names; NULL when none is known). Counts of
delivered rows, not of students: not suppressed; no key and no delivered value is
published.

year: Delivery year (the year folder).
source: The delivery source of the file the rows come from.
reason: The reason code of the first contract rule the row breaks (docs/input-contract.md).
province_code: The reporting unit's six-digit code; NULL when not determined.
rows: Rows rejected.
*/
-- public.delivery_rejected_rows: from the attached warehouse (catalog `warehouse`): the
-- quarantine and audit.row_units.
CREATE OR REPLACE TABLE public.delivery_rejected_rows AS
WITH rejected AS (
    SELECT r.year, r.source, r.reason, u.province_code
    FROM warehouse.quarantine.rejected_rows AS r
    LEFT JOIN warehouse.audit.row_units AS u USING (file_path, row_number)
)

SELECT year, source, reason, province_code, count(*) AS rows
FROM rejected
GROUP BY ALL
ORDER BY year, source, reason, province_code NULLS LAST;
