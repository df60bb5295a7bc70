-- staging.mentors: reference/mentors.csv typed. Mentor names are left in the raw layer:
-- no metric needs them.
CREATE OR REPLACE TABLE staging.mentors AS
WITH source AS (
    SELECT * FROM raw.mentors
),

final AS (
    SELECT
        trim(mentor_id) AS mentor_id,
        trim(university_code) AS university_code,
        trim(discipline) AS discipline,
        trim(title) AS title,
        file_path,
        row_number
    FROM source
    WHERE nullif(trim(mentor_id), '') IS NOT NULL
)

SELECT * FROM final
QUALIFY row_number() OVER (PARTITION BY mentor_id ORDER BY file_path, row_number) = 1;
