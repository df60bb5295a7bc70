/* core.major_categories: Undergraduate majors mapped to 基础学科 (a major of one of the
拔尖计划2.0 disciplines, named in topnotch_discipline) or 其他; used where a survey answer
gives a major but no major_category.

major: Undergraduate major name (本科专业).
category: 基础学科 (a major of a 拔尖计划2.0 discipline) or 其他.
topnotch_discipline: For a 基础学科 major: the 拔尖计划2.0 discipline it belongs to.
major_key: How survey answers are matched: lower case, no white space, without a
    trailing parenthesised qualifier such as （师范）.
*/
-- core.major_categories: undergraduate major names → 基础学科 or 其他, and for a basic
-- major the 拔尖计划2.0 discipline it belongs to (data/reference/major_categories.csv).
-- major_key is how survey answers are matched: lower case, no white space, without a
-- trailing parenthesised qualifier such as （师范）.
CREATE OR REPLACE TABLE core.major_categories AS
SELECT
    major,
    category,
    nullif(topnotch_discipline, '') AS topnotch_discipline,
    regexp_replace(regexp_replace(lower(major), '\s+', '', 'g'), '[（(][^（）()]*[）)]$', '') AS major_key
FROM read_csv($reference_file, all_varchar = true)
ORDER BY category, major;
