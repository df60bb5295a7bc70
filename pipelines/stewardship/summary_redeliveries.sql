-- What each re-delivered file resolved, left open and newly broke, per unit and reason.
SELECT
    year, province_code, file_path, version, previous_version, reason, resolved, still_open, new
FROM audit.redelivery_changes
WHERE province_code IS NOT NULL
ORDER BY year, province_code, file_path, reason;
