-- audit.file_ingest: every file under the input directory and what became of it.
CREATE OR REPLACE TABLE audit.file_ingest AS
WITH delivered AS (
    SELECT * FROM raw.delivered_files
),

final AS (
    SELECT
        file_path,
        source,
        year,
        file_format,
        sha256,
        size_bytes,
        status,
        reason,
        message,
        sheet,
        encoding,
        header_row,
        rows_read,
        CAST(NULL AS BIGINT) AS rows_loaded,    -- filled in by the row rules
        CAST(NULL AS BIGINT) AS rows_rejected,  -- filled in by the row rules
        ingested_at
    FROM delivered
)

SELECT * FROM final
ORDER BY year NULLS FIRST, file_path;
