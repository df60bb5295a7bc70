/* audit.file_versions: Every version of every delivered file the pipeline has seen, kept
from run to run (contract.md, "Re-delivery"): a file is identified by its path under the
input; its first delivery is version 1, and each replacement by new content (a new
SHA-256) the next version. Reading the same content again adds nothing. A file removed
from the input keeps its history; delivered again, it continues it: the same content as
its last version is that version again, new content the next version (compared, for
re-delivery, with the last version seen before the removal). A file replaced twice
between two completed runs records only the content the runs saw.

version: 1 for the first delivery of the path, 2, 3 … for each replacement.
sha256: SHA-256 of the version's bytes (NULL when the file could not be read).
first_ingested_at: When the pipeline first read this version.
*/
-- audit.file_versions: persistent (never replaced); pipelines/redelivery/history.py adds a
-- version in the same transaction as the rejected-row identities it records.
CREATE TABLE IF NOT EXISTS audit.file_versions (
    file_path         VARCHAR NOT NULL,
    version           INTEGER NOT NULL,
    sha256            VARCHAR,
    first_ingested_at TIMESTAMP NOT NULL,
    PRIMARY KEY (file_path, version)
);
