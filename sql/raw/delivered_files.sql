/* raw.delivered_files: One row per file found under the input directory, as the last
ingest saw it: the ingest's ledger (raw.<source> holds the rows). Operational, never
published.
*/
CREATE TABLE IF NOT EXISTS raw.delivered_files (
    file_path      VARCHAR PRIMARY KEY,  -- relative to the input directory
    year           INTEGER,              -- the year folder; NULL for reference and stray files
    source         VARCHAR,              -- cohort, applicants, ..., a reference table, or NULL
    file_format    VARCHAR,              -- csv, xlsx, xls, or the suffix found
    sha256         VARCHAR,
    size_bytes     BIGINT,
    status         VARCHAR NOT NULL,     -- loaded or rejected
    reason         VARCHAR,              -- unknown_source, missing_column, unreadable
    message        VARCHAR,              -- what is wrong with a rejected file, in English
    message_zh     VARCHAR,              -- the same in Chinese
    sheet          VARCHAR,
    encoding       VARCHAR,
    header_row     INTEGER,
    headers        VARCHAR,              -- JSON: contract column → header cell as delivered
    rows_read      BIGINT,
    reader_version INTEGER NOT NULL,
    ingested_at    TIMESTAMP NOT NULL
);

-- Columns added since the ledger's first layout: a warehouse made before them gains them,
-- NULL until its files are read again (READER_VERSION, pipelines/raw/sources.py).
ALTER TABLE raw.delivered_files ADD COLUMN IF NOT EXISTS message_zh VARCHAR;
ALTER TABLE raw.delivered_files ADD COLUMN IF NOT EXISTS headers VARCHAR;
