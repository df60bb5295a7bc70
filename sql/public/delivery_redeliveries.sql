/* public.delivery_redeliveries: What each re-delivered file (same path, new content)
changed against the version it replaced, per reporting unit and reason
(audit.redelivery_changes): rejected rows resolved, still open and new. A rejected row is
identified by its reason and its national ID as delivered (or its row number when it has
none); no ID is published. Only files replaced at least once. Counts of delivered rows,
not of students: not suppressed.

year: Delivery year (the year folder).
province_code: The reporting unit's six-digit code; NULL when not determined.
file_path: The delivered file, relative to the input folder (year folder / file name).
source: The source the file's name names.
version: The file's current version (2 after one replacement, …).
previous_version: The version it is compared with: the one just before it.
reason: The rejection's reason code (docs/input-contract.md).
resolved: Rows rejected in the previous version that the new version no longer rejects.
still_open: Rows rejected in both versions.
new: Rows the new version rejects that the previous version did not.
*/
-- public.delivery_redeliveries: the attached warehouse's audit.redelivery_changes.
CREATE OR REPLACE TABLE public.delivery_redeliveries AS
SELECT
    year, province_code, file_path, source, version, previous_version, reason,
    resolved, still_open, new
FROM warehouse.audit.redelivery_changes
ORDER BY year, province_code NULLS LAST, file_path, reason;
