/* public.delivery_warnings: Warnings on accepted rows per delivery year, source, reason
and reporting unit (audit.row_warnings; the unit from audit.row_units: the province the
row names, else its person's cohort province). Counts of delivered rows, not of students:
not suppressed.

year: Delivery year (the year folder).
source: The delivery source of the file the rows come from.
reason: The warning's reason code (docs/input-contract.md); the row was kept.
province_code: The reporting unit's six-digit code; NULL when not determined.
rows: Rows with this warning.
*/
-- public.delivery_warnings: from the attached warehouse's audit.row_warnings and
-- audit.row_units.
CREATE OR REPLACE TABLE public.delivery_warnings AS
WITH warnings AS (
    SELECT w.year, w.source, w.reason, u.province_code
    FROM warehouse.audit.row_warnings AS w
    LEFT JOIN warehouse.audit.row_units AS u USING (file_path, row_number)
)

SELECT year, source, reason, province_code, count(*) AS rows
FROM warnings
GROUP BY ALL
ORDER BY year, source, reason, province_code NULLS LAST;
