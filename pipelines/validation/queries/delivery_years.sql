-- The years of the year folders delivered: the values a cohort year may take.
SELECT DISTINCT year FROM raw.delivered_files WHERE year IS NOT NULL ORDER BY year
