-- metric_groups (temporary): every group of marts.metric_values with its place in the
-- table's order. Groups of a fixed list (the national total, the 32 reporting units,
-- disciplines, genders, grades, mentor titles: $fixed_types / $fixed_values from
-- pipelines/metrics/names.py) are all present, with or without students; universities
-- are those that are the cohort university of at least one person.
CREATE OR REPLACE TEMP TABLE metric_groups AS
WITH fixed AS (
    SELECT
        unnest($fixed_types) AS group_type,
        unnest($fixed_values) AS group_value,
        unnest(range(1, len($fixed_types) + 1)) AS position
),

universities AS (
    SELECT DISTINCT 'university' AS group_type, university_code AS group_value, 0 AS position
    FROM core.persons
    WHERE university_code IS NOT NULL
),

all_groups AS (
    SELECT * FROM fixed
    UNION ALL
    SELECT * FROM universities
)

SELECT
    group_type,
    group_value,
    row_number() OVER (
        ORDER BY list_position($group_types, group_type), position, group_value
    ) AS group_rank
FROM all_groups
ORDER BY group_rank;
