/* quarantine.rejected_rows: Every delivered row the contract rejects: file_path and
row_number (as seen in Excel), source, year, the reason code (first in the contract's
precedence), the column concerned, and the delivered values as JSON. Restricted:
raw_values hold names and national IDs as delivered.
*/
-- quarantine.rejected_rows: every delivered row the contract rejects, with the first rule
-- it breaks (contract precedence), the column concerned and the values as delivered.
-- Within-year rules come from staging.row_reason; the rules that need the cohort of this
-- or an earlier year are decided here, from staging alone (quarantine comes before core):
-- a topnotch_year before the student's cohort year (out_of_range), unknown_student, and
-- duplicate_response among the remaining responses.
-- staged_rows, and delivered_values_of_rejected (which reads the temporary table
-- `rejected` made first), are views over every source built from the source registry
-- (pipelines/staging/unions.py).
CREATE OR REPLACE TEMP TABLE rejected AS
-- A cohort row is rejected by within-year rules only, so the accepted cohort rows are
-- the staged ones without row_reason; a person's cohort year is the earliest of them.
WITH cohort_years AS (
    SELECT person_key, min(year) AS cohort_year
    FROM staging.cohort
    WHERE row_reason IS NULL
    GROUP BY person_key
),

-- Rules after duplicate_row in precedence; duplicate_row itself stands against them.
-- Not materialised: ten million training rows pass through it, and each use below keeps
-- only a few (the rejected ones; the follow-up responses).
decided AS NOT MATERIALIZED (
    SELECT
        s.source, s.year, s.file_path, s.row_number, s.person_key, s.survey_year,
        coalesce(s.topnotch_year < c.cohort_year, FALSE) AS topnotch_before_cohort,
        c.cohort_year IS NULL OR c.cohort_year > s.year AS unknown_student,
        CASE
            WHEN s.row_reason IS NOT NULL AND s.row_reason <> 'duplicate_row' THEN s.row_reason
            WHEN topnotch_before_cohort THEN 'out_of_range'
            WHEN s.row_reason = 'duplicate_row' THEN 'duplicate_row'
            WHEN unknown_student THEN 'unknown_student'
        END AS reason,
        CASE
            WHEN s.row_reason IS NOT NULL AND s.row_reason <> 'duplicate_row' THEN s.row_reason_column
            WHEN topnotch_before_cohort THEN 'topnotch_year'
            WHEN s.row_reason = 'duplicate_row' THEN NULL
            WHEN unknown_student THEN 'national_id'
        END AS column_name
    FROM staged_rows AS s LEFT JOIN cohort_years AS c USING (person_key)
    WHERE s.checked_against_cohort
),

-- The later response of a person in a survey year is kept (file-name then row order).
responses_superseded AS (
    SELECT source, year, file_path, row_number, person_key
    FROM decided
    WHERE survey_year IS NOT NULL AND reason IS NULL  -- a response: a row with a survey year
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
    SELECT source, year, file_path, row_number, person_key, row_reason AS reason, row_reason_column AS column_name
    FROM staged_rows
    WHERE NOT checked_against_cohort AND row_reason IS NOT NULL
)

SELECT * FROM within_year_sources
UNION ALL
SELECT * FROM cross_year_sources;

CREATE OR REPLACE TABLE quarantine.rejected_rows AS
WITH with_raw_values AS (
    SELECT
        r.*,
        json_merge_patch(d.delivered, '{"file_path": null, "row_number": null}') AS raw_values
    FROM rejected AS r
    LEFT JOIN delivered_values_of_rejected AS d USING (source, file_path, row_number)
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
