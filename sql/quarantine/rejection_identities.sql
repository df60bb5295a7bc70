/* quarantine.rejection_identities: The rejected rows of every version of every delivered
file (audit.file_versions), kept from run to run, each by the identity the contract
compares across versions ("Re-delivery"): its reason and its national ID as delivered,
normalised — or 'row <n>' when it has no readable ID. The current version's rows are
recorded again at every run (the cross-year rules can change them while the file is
unchanged); an earlier version's stay as they were when it was replaced or removed.
Restricted: identity holds national IDs as delivered.

version: The file's version the rejected row belongs to (audit.file_versions).
reason: The rejected row's reason code (quarantine.rejected_rows).
identity: The national ID as delivered, normalised (full-width digits folded, white space
    removed, x → X), or 'row <n>' (the row's number) when the row has no ID.
province_code: The row's reporting unit (audit.row_units); NULL when not determined.
*/
-- quarantine.rejection_identities: persistent (never replaced); written by
-- pipelines/redelivery/history.py, one transaction with audit.file_versions.
CREATE TABLE IF NOT EXISTS quarantine.rejection_identities (
    file_path     VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    row_number    BIGINT NOT NULL,
    reason        VARCHAR NOT NULL,
    identity      VARCHAR NOT NULL,
    province_code VARCHAR
);
