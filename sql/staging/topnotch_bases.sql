-- staging.topnotch_bases: reference/topnotch_bases.csv typed.
CREATE OR REPLACE TABLE staging.topnotch_bases AS
WITH source AS (
    SELECT * FROM raw.topnotch_bases
),

final AS (
    SELECT DISTINCT ON (university_code, discipline)
        trim(university_code) AS university_code,
        trim(discipline) AS discipline,
        TRY_CAST(trim(batch_year) AS INTEGER) AS batch_year
    FROM source
    WHERE nullif(trim(university_code), '') IS NOT NULL
    ORDER BY university_code, discipline, batch_year
)

SELECT * FROM final;
