-- quarantine.rejected_rows: every delivered row the contract rejects, with the first rule
-- it breaks (contract precedence), the column concerned and the values as delivered.
-- Within-year rules come from staging.row_reason; the rules that need the cohort of this
-- or an earlier year are decided here: a topnotch_year before the student's cohort year
-- (out_of_range), unknown_student, and duplicate_response among the remaining responses.
CREATE OR REPLACE TABLE quarantine.rejected_rows AS
WITH persons AS (
    SELECT person_key, cohort_year FROM core.persons
),

-- Rules after duplicate_row in precedence; duplicate_row itself stands against them.
later_rules AS (
    SELECT 'training' AS source, t.year, t.file_path, t.row_number, t.person_key,
        t.row_reason, t.row_reason_column,
        FALSE AS topnotch_before_cohort,
        p.cohort_year IS NULL OR p.cohort_year > t.year AS unknown_student,
        NULL::INTEGER AS survey_year
    FROM staging.training AS t LEFT JOIN persons AS p USING (person_key)
    UNION ALL
    SELECT 'assessment', a.year, a.file_path, a.row_number, a.person_key,
        a.row_reason, a.row_reason_column,
        FALSE,
        p.cohort_year IS NULL OR p.cohort_year > a.year,
        NULL
    FROM staging.assessment AS a LEFT JOIN persons AS p USING (person_key)
    UNION ALL
    SELECT 'followup', f.year, f.file_path, f.row_number, f.person_key,
        f.row_reason, f.row_reason_column,
        coalesce(f.topnotch_year < p.cohort_year, FALSE),
        p.cohort_year IS NULL OR p.cohort_year > f.year,
        f.survey_year
    FROM staging.followup AS f LEFT JOIN persons AS p USING (person_key)
),

-- Not materialised: ten million training rows pass through it, and each use below keeps
-- only a few (the rejected ones; the follow-up responses).
decided AS NOT MATERIALIZED (
    SELECT
        source, year, file_path, row_number, person_key, survey_year,
        CASE
            WHEN row_reason IS NOT NULL AND row_reason <> 'duplicate_row' THEN row_reason
            WHEN topnotch_before_cohort THEN 'out_of_range'
            WHEN row_reason = 'duplicate_row' THEN 'duplicate_row'
            WHEN unknown_student THEN 'unknown_student'
        END AS reason,
        CASE
            WHEN row_reason IS NOT NULL AND row_reason <> 'duplicate_row' THEN row_reason_column
            WHEN topnotch_before_cohort THEN 'topnotch_year'
            WHEN row_reason = 'duplicate_row' THEN NULL
            WHEN unknown_student THEN 'national_id'
        END AS column_name
    FROM later_rules
),

-- The later response of a person in a survey year is kept (file-name then row order).
responses_superseded AS (
    SELECT source, year, file_path, row_number, person_key
    FROM decided
    WHERE source = 'followup' AND reason IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY person_key, survey_year ORDER BY file_path DESC, row_number DESC
    ) > 1
),

cross_year_sources AS (
    SELECT source, year, file_path, row_number, person_key, reason, column_name
    FROM decided
    WHERE reason IS NOT NULL
    UNION ALL
    SELECT source, year, file_path, row_number, person_key, 'duplicate_response', NULL
    FROM responses_superseded
),

within_year_sources AS (
    SELECT 'cohort' AS source, year, file_path, row_number, person_key, row_reason AS reason, row_reason_column AS column_name
    FROM staging.cohort WHERE row_reason IS NOT NULL
    UNION ALL
    SELECT 'applicants', year, file_path, row_number, person_key, row_reason, row_reason_column
    FROM staging.applicants WHERE row_reason IS NOT NULL
),

rejected AS (
    SELECT * FROM within_year_sources
    UNION ALL
    SELECT * FROM cross_year_sources
),

-- The delivered cells of each rejected row (contract columns and extra_columns).
delivered_values AS (
    SELECT 'cohort' AS source, file_path, row_number, to_json(r) AS delivered
    FROM (
        SELECT * EXCLUDE (year, sheet, file_sha256, ingested_at) FROM raw.cohort
        WHERE (file_path, row_number) IN (SELECT (file_path, row_number) FROM rejected WHERE source = 'cohort')
    ) AS r
    UNION ALL
    SELECT 'applicants' AS source, file_path, row_number, to_json(r) AS delivered
    FROM (
        SELECT * EXCLUDE (year, sheet, file_sha256, ingested_at) FROM raw.applicants
        WHERE (file_path, row_number) IN (SELECT (file_path, row_number) FROM rejected WHERE source = 'applicants')
    ) AS r
    UNION ALL
    SELECT 'training' AS source, file_path, row_number, to_json(r) AS delivered
    FROM (
        SELECT * EXCLUDE (year, sheet, file_sha256, ingested_at) FROM raw.training
        WHERE (file_path, row_number) IN (SELECT (file_path, row_number) FROM rejected WHERE source = 'training')
    ) AS r
    UNION ALL
    SELECT 'assessment' AS source, file_path, row_number, to_json(r) AS delivered
    FROM (
        SELECT * EXCLUDE (year, sheet, file_sha256, ingested_at) FROM raw.assessment
        WHERE (file_path, row_number) IN (SELECT (file_path, row_number) FROM rejected WHERE source = 'assessment')
    ) AS r
    UNION ALL
    SELECT 'followup' AS source, file_path, row_number, to_json(r) AS delivered
    FROM (
        SELECT * EXCLUDE (year, sheet, file_sha256, ingested_at) FROM raw.followup
        WHERE (file_path, row_number) IN (SELECT (file_path, row_number) FROM rejected WHERE source = 'followup')
    ) AS r
),

with_raw_values AS (
    SELECT
        r.*,
        json_merge_patch(d.delivered, '{"file_path": null, "row_number": null}') AS raw_values
    FROM rejected AS r
    LEFT JOIN delivered_values AS d USING (source, file_path, row_number)
)

SELECT
    file_path,
    row_number,
    source,
    year,
    reason,
    column_name,
    person_key,
    raw_values
FROM with_raw_values
ORDER BY year, source, file_path, row_number;
