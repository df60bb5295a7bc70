/* audit.redelivery_changes: What each replaced file's current version changed against
the version it replaced (contract.md, "Re-delivery"), per reporting unit and reason: one
row per (file, unit, reason) with a count, for the files whose current version is 2 or
more and that were read (a version rejected whole read no rows: it is not compared). A rejected row is identified by (reason, its national ID as delivered, normalised —
or its row number when it has no readable ID) (quarantine.rejection_identities). A
rejected row of the previous version is resolved when no rejected row of the new version
has its identity, still open when one has; a rejected row of the new version with no
match in the previous one is new. Rows are matched one to one: an identity rejected twice
before and once now is one still open and one resolved. A resolved row counts for its
unit in the previous version, a still open or new one for its unit now. Counts of
delivered rows, not of students.

year: Delivery year (the year folder).
province_code: The reporting unit's six-digit code; NULL when not determined.
source: The source the file name names.
version: The file's current version (audit.file_versions).
previous_version: The version it is compared with: the one just before it.
reason: The rejection's reason code.
resolved: Rows rejected in the previous version with no same identity now.
still_open: Rows rejected in both versions (same identity).
new: Rows rejected now whose identity the previous version did not reject.
*/
-- audit.redelivery_changes: the current version of each file present (audit.file_ingest)
-- against version − 1, matched on (reason, identity) occurrence by occurrence.
CREATE OR REPLACE TABLE audit.redelivery_changes AS
WITH replaced AS (
    SELECT f.file_path, f.year, f.source, max(v.version) AS version, max(v.version) - 1 AS previous_version
    FROM audit.file_ingest AS f
    JOIN audit.file_versions AS v USING (file_path)
    WHERE f.status = 'loaded'
    GROUP BY ALL
    HAVING max(v.version) > 1
),

compared AS (
    SELECT
        i.file_path, i.version = r.version AS is_current, i.reason, i.identity, i.province_code,
        row_number() OVER (
            PARTITION BY i.file_path, i.version, i.reason, i.identity ORDER BY i.row_number
        ) AS occurrence
    FROM quarantine.rejection_identities AS i
    JOIN replaced AS r ON i.file_path = r.file_path AND i.version IN (r.version, r.previous_version)
),

previous_rows AS (
    SELECT * FROM compared WHERE NOT is_current
),

current_rows AS (
    SELECT * FROM compared WHERE is_current
),

matched AS (
    SELECT
        coalesce(c.file_path, p.file_path) AS file_path,
        coalesce(c.reason, p.reason) AS reason,
        CASE WHEN c.file_path IS NULL THEN p.province_code ELSE c.province_code END AS province_code,
        CASE
            WHEN c.file_path IS NULL THEN 'resolved'
            WHEN p.file_path IS NULL THEN 'new'
            ELSE 'still_open'
        END AS outcome
    FROM previous_rows AS p
    FULL JOIN current_rows AS c USING (file_path, reason, identity, occurrence)
),

final AS (
    SELECT
        r.year,
        m.province_code,
        r.file_path,
        r.source,
        r.version,
        r.previous_version,
        m.reason,
        count(*) FILTER (outcome = 'resolved') AS resolved,
        count(*) FILTER (outcome = 'still_open') AS still_open,
        count(*) FILTER (outcome = 'new') AS new
    FROM matched AS m
    JOIN replaced AS r USING (file_path)
    GROUP BY ALL
)

SELECT * FROM final
ORDER BY year, province_code NULLS LAST, file_path, reason;
