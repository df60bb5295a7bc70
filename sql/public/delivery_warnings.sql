/* public.delivery_warnings: Warnings on accepted rows per delivery year, source and
reason (audit.row_warnings). Counts of delivered rows, not of students: not suppressed.

year: Delivery year (the year folder).
source: The delivery source of the file the rows come from.
reason: The warning's reason code (docs/input-contract.md); the row was kept.
rows: Rows with this warning.
*/
-- public.delivery_warnings: from the attached warehouse's audit.row_warnings.
CREATE OR REPLACE TABLE public.delivery_warnings AS
SELECT year, source, reason, count(*) AS rows
FROM warehouse.audit.row_warnings
GROUP BY ALL
ORDER BY year, source, reason;
