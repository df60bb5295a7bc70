/* staging.topnotch_bases: 拔尖计划2.0 bases from reference/topnotch_bases.csv:
university_code, discipline and the batch year (2019, 2020 or 2021).

university_code: The university hosting the base (code in reference/universities.csv).
discipline: The base's 拔尖计划2.0 discipline (e.g. 数学, 物理学, 计算机科学).
batch_year: The batch the base was announced in: 2019, 2020 or 2021.
*/
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
