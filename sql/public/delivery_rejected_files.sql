/* public.delivery_rejected_files: Every file rejected whole, with the reason and the
message for the reporting unit that delivered it (audit.file_ingest). A file, not a
person: not suppressed.

file_path: The delivered file, relative to the input folder (year folder / file name).
year: Delivery year (the year folder); NULL outside the year folders.
reason: Why the whole file was rejected: unknown_source, missing_column or unreadable.
message: What the reporting unit is told: what is wrong with the file and what to send
    instead (English).
message_zh: The same message in Chinese.
*/
-- public.delivery_rejected_files: the files rejected whole, from the attached warehouse.
CREATE OR REPLACE TABLE public.delivery_rejected_files AS
SELECT file_path, year, reason, message, message_zh
FROM warehouse.audit.file_ingest
WHERE status = 'rejected'
ORDER BY year NULLS FIRST, file_path;
