-- Every accepted cohort and applicant row with its delivered national ID and name: what
-- restricted.identities keeps one row per person of.
SELECT s.person_key, r.national_id, r.name, 0 AS source_rank, s.year, s.file_path, s.row_number
FROM staging.cohort AS s JOIN raw.cohort AS r USING (file_path, row_number)
WHERE s.row_reason IS NULL
UNION ALL
SELECT s.person_key, r.national_id, r.name, 1, s.year, s.file_path, s.row_number
FROM staging.applicants AS s JOIN raw.applicants AS r USING (file_path, row_number)
WHERE s.row_reason IS NULL;
