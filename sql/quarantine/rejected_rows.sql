/* quarantine.rejected_rows: Every delivered row the contract rejects: file_path and
row_number (as seen in Excel), source, year, the reason code (first in the contract's
precedence), the column concerned, every rule the row breaks, the row a duplicate repeats
or the response that replaced it, and the delivered values as JSON. Restricted:
raw_values hold names and national IDs as delivered.

reason: The rule the row is rejected for: the first it breaks in the contract's
    precedence (the accounting reason).
column_name: The column reason is about; NULL when the rule concerns the whole row.
reasons: Every rule the row breaks, as (reason, column_name), in the contract's
    precedence then contract column order; the first is (reason, column_name).
    duplicate_row and duplicate_response are judged among rows that pass the other
    rules (an identical copy of a rejected row breaks the same rule already), while
    unknown_student and a topnotch_year before the cohort year are listed for every row
    with a valid ID they apply to.
related_file_path: For duplicate_row, the file of the earlier row it repeats; for
    duplicate_response, the file of the later response kept instead; NULL otherwise.
related_row_number: The row number (as seen in Excel) of that related row.
person_cohort_year: The earliest year of the person's accepted cohort rows; NULL when
    the ID is missing or invalid or the person is in no accepted cohort row.
raw_values: The delivered cells as JSON (contract columns by English name, and
    extra_columns).
*/
-- quarantine.rejected_rows: every delivered row the contract rejects, with the first rule
-- it breaks (contract precedence), the column concerned, every rule it breaks, and the
-- values as delivered.
-- Within-year rules come from staging.row_reason/row_reasons; the rules that need the
-- cohort of this or an earlier year are decided here, from staging alone (quarantine
-- comes before core): a topnotch_year before the student's cohort year (out_of_range),
-- unknown_student, and duplicate_response among the remaining responses.
-- staged_rows, and delivered_values_of_rejected (which reads the temporary table
-- `rejected` made first), are views over every source built from the source registry
-- (pipelines/staging/unions.py).
CREATE OR REPLACE TEMP MACRO broken_rule(reason, column_name) AS
    CAST({'reason': reason, 'column_name': column_name} AS STRUCT(reason VARCHAR, column_name VARCHAR));

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
        s.row_reason, s.row_reasons, s.duplicate_of_file_path, s.duplicate_of_row_number,
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

-- Every rule a rejected row breaks, listed only for the rejected rows. Concatenation
-- keeps the contract's order: the single-row rules (already in order) end at
-- out_of_range, and topnotch_year is the last column of followup; then duplicate_row
-- (never with a single-row rule: it is judged among rows that pass them), then
-- unknown_student. A row without a valid ID (person_key NULL) is not judged on the
-- cross-year rules: they are about a person.
cross_year_rejected AS (
    SELECT
        source, year, file_path, row_number, person_key, reason, column_name,
        CASE WHEN row_reason = 'duplicate_row' THEN [] ELSE coalesce(row_reasons, []) END
        || CASE
            WHEN topnotch_before_cohort
                AND NOT list_contains(coalesce(row_reasons, []), broken_rule('out_of_range', 'topnotch_year'))
            THEN [broken_rule('out_of_range', 'topnotch_year')] ELSE []
        END
        || CASE WHEN row_reason = 'duplicate_row' THEN [broken_rule('duplicate_row', NULL)] ELSE [] END
        || CASE
            WHEN unknown_student AND person_key IS NOT NULL
            THEN [broken_rule('unknown_student', 'national_id')] ELSE []
        END AS reasons,
        duplicate_of_file_path AS related_file_path,
        duplicate_of_row_number AS related_row_number
    FROM decided
    WHERE reason IS NOT NULL
),

-- The later response of a person in a survey year is kept (file-name then row order):
-- each earlier one names it.
responses_superseded AS (
    SELECT
        source, year, file_path, row_number, person_key,
        first_value(file_path) OVER later_first AS kept_file_path,
        first_value(row_number) OVER later_first AS kept_row_number
    FROM decided
    WHERE survey_year IS NOT NULL AND reason IS NULL  -- a response: a row with a survey year
    WINDOW later_first AS (PARTITION BY person_key, survey_year ORDER BY file_path DESC, row_number DESC)
    QUALIFY row_number() OVER later_first > 1
),

cross_year_sources AS (
    SELECT * FROM cross_year_rejected
    UNION ALL
    SELECT
        source, year, file_path, row_number, person_key, 'duplicate_response', NULL,
        [broken_rule('duplicate_response', NULL)], kept_file_path, kept_row_number
    FROM responses_superseded
),

within_year_sources AS (
    SELECT
        source, year, file_path, row_number, person_key, row_reason AS reason,
        row_reason_column AS column_name, row_reasons AS reasons,
        duplicate_of_file_path AS related_file_path, duplicate_of_row_number AS related_row_number
    FROM staged_rows
    WHERE NOT checked_against_cohort AND row_reason IS NOT NULL
),

all_rejected AS (
    SELECT * FROM within_year_sources
    UNION ALL
    SELECT * FROM cross_year_sources
)

SELECT r.*, c.cohort_year AS person_cohort_year
FROM all_rejected AS r LEFT JOIN cohort_years AS c USING (person_key);

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
    reasons,
    related_file_path,
    related_row_number,
    CAST(person_cohort_year AS INTEGER) AS person_cohort_year,
    person_key,
    raw_values
FROM with_raw_values
ORDER BY year, source, file_path, row_number;
