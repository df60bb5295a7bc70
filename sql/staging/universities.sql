/* staging.universities: 培养高校 from reference/universities.csv: university_code, canonical
name, the list of aliases, GB/T 2260 province code, and whether it hosts 拔尖计划 bases.

name: The university's canonical name.
aliases: Other spellings of the name that deliveries use, matched to the code.
province_code: GB/T 2260 code of the province the university is in.
topnotch_host: Whether the university hosts 拔尖计划2.0 bases.
file_path: The reference file the row comes from (reference/universities.csv).
*/
-- staging.universities: reference/universities.csv typed.
CREATE OR REPLACE TABLE staging.universities AS
WITH source AS (
    SELECT * FROM raw.universities
),

final AS (
    SELECT
        trim(university_code) AS university_code,
        trim(name) AS name,
        list_filter(
            list_transform(string_split(replace(coalesce(aliases, ''), '；', ';'), ';'), a -> trim(a)),
            a -> a <> ''
        ) AS aliases,
        trim(province_code) AS province_code,
        lower(trim(topnotch_host)) IN ('true', '1', 'yes', '是', 'y') AS topnotch_host,
        file_path,
        row_number
    FROM source
    WHERE nullif(trim(university_code), '') IS NOT NULL
)

SELECT * FROM final
QUALIFY row_number() OVER (PARTITION BY university_code ORDER BY file_path, row_number) = 1;
