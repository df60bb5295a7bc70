/* staging.mentors: 导师 from reference/mentors.csv: mentor_id, university, discipline and
title (院士, 长江学者, 杰青, 国家级教学名师, 省级教学名师, 其他).

university_code: The mentor's university (code in reference/universities.csv).
discipline: The mentor's programme discipline: 数学, 物理, 化学, 生物 or 计算机.
title: The mentor's title: 院士, 长江学者, 杰青, 国家级教学名师, 省级教学名师 or 其他.
file_path: The reference file the row comes from (reference/mentors.csv).
*/
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
