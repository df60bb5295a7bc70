/* public.delivery_unit_files: Every delivered file's rows by the reporting unit they
concern (audit.file_units): one row per (file, unit), with the file's status, version
and the unit's rows read, loaded, rejected and warned (rows read = rows loaded + rows
rejected). A row's unit is the province the row names, else its person's cohort province,
else the one unit the file's name names; a file rejected whole belongs to the unit its
name names. province_code NULL: not determined. Counts of delivered rows, not of
students: not suppressed.

year: Delivery year (the year folder); NULL outside the year folders.
province_code: The reporting unit's six-digit code; NULL when not determined.
file_path: The delivered file, relative to the input folder (year folder / file name).
source: The source the file's name names; NULL when it names none.
status: loaded, or rejected (the whole file).
reason: For a file rejected whole: unknown_source, missing_column or unreadable.
version: 1 for the first delivery of the file's path, 2 … after each replacement.
rows_read: The unit's rows read from the file; NULL for a file rejected whole.
rows_loaded: The unit's rows accepted (rows with warnings included); NULL for a file
    rejected whole.
rows_rejected: The unit's rows rejected (public.delivery_rejected_rows by reason); NULL
    for a file rejected whole.
rows_warned: The unit's accepted rows with at least one warning; NULL for a file rejected
    whole.
*/
-- public.delivery_unit_files: the attached warehouse's audit.file_units as it is.
CREATE OR REPLACE TABLE public.delivery_unit_files AS
SELECT
    year, province_code, file_path, source, status, reason, version,
    rows_read, rows_loaded, rows_rejected, rows_warned
FROM warehouse.audit.file_units
ORDER BY year NULLS FIRST, province_code NULLS LAST, file_path;
