/* core.survey_responses: One row per person and survey year (跟踪调查): status, university
(matched to a university_code where possible), major, major_category (as given, else
from core.major_categories; major_category_from says which), admission_route and the
拔尖计划 answer (topnotch, base, year). Accepted rows only: a staging row with no row_reason
that is not in quarantine.rejected_rows. file_path and row_number lead back to the
delivered row.

university: 就读高校 as answered.
university_code: The answered university's code; NULL when it matches none.
major_category_given: 专业类别 as answered; NULL when not given.
major_category: The major's category: as answered, else from core.major_categories; NULL
    when neither says (unknown).
major_category_from: Where major_category comes from: given, mapped, or NULL (unknown).
*/
-- core.survey_responses: accepted 跟踪调查 rows, one per person and survey year.
-- major_category: as given; otherwise from data/reference/major_categories.csv (the
-- major name matched after width folding, removing white space and a trailing
-- parenthesised qualifier such as （师范）); NULL when neither says.
CREATE OR REPLACE TABLE core.survey_responses AS
WITH accepted AS (
    SELECT s.*
    FROM staging.followup AS s
    ANTI JOIN quarantine.rejected_rows AS q USING (file_path, row_number)
    WHERE s.row_reason IS NULL
),

majors AS (
    SELECT major_key, category FROM core.major_categories
),

keyed AS (
    SELECT
        *,
        regexp_replace(
            regexp_replace(lower(major), '\s+', '', 'g'),
            '[（(][^（）()]*[）)]$', ''
        ) AS major_key
    FROM accepted
),

final AS (
    SELECT
        k.person_key,
        k.survey_year,
        k.status,
        k.university,
        k.university_code,
        k.major,
        k.major_category AS major_category_given,
        coalesce(k.major_category, m.category) AS major_category,
        CASE
            WHEN k.major_category IS NOT NULL THEN 'given'
            WHEN m.category IS NOT NULL THEN 'mapped'
        END AS major_category_from,
        k.admission_route,
        k.topnotch,
        k.topnotch_base,
        k.topnotch_year,
        k.file_path,
        k.row_number
    FROM keyed AS k
    LEFT JOIN majors AS m USING (major_key)
)

SELECT * FROM final
ORDER BY person_key, survey_year;
