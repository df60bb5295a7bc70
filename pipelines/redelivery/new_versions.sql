-- Every file of raw.delivered_files whose content is not its path's last recorded version
-- (or whose path has none) becomes the path's next version. Nothing when nothing changed.
INSERT INTO audit.file_versions (file_path, version, sha256, first_ingested_at)
WITH last_versions AS (
    SELECT file_path, max(version) AS version, arg_max(sha256, version) AS sha256
    FROM audit.file_versions
    GROUP BY file_path
)

SELECT d.file_path, coalesce(l.version, 0) + 1, d.sha256, d.ingested_at
FROM raw.delivered_files AS d
LEFT JOIN last_versions AS l USING (file_path)
WHERE l.version IS NULL OR d.sha256 IS DISTINCT FROM l.sha256;
