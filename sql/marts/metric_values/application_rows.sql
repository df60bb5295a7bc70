-- The rows of the selection (applicant) metrics of marts.metric_values, before intervals:
-- cohort_year = the application year Y (NULL: all application years pooled), horizon
-- NULL. A year without applicants data keeps its rows with NULL figures; pooled rows sum
-- the years with applicants data (a person once per year applied); a group without
-- applicants has applicants 0, rates 0 of 0 and no median. From metric_application_counts
-- and metric_applications. Parameters: the registry's applicant rates, one list element
-- each ($counted_metrics, their $numerators and $denominators: an applicant flag or
-- `persons`), and $cutoff_group_types, the groups of selection_cutoff and
-- selected_score_min (per year only: no pooled row).
WITH declared AS (
    SELECT
        unnest($counted_metrics) AS metric,
        unnest($numerators) AS numerator_column,
        unnest($denominators) AS denominator_column
),

counted AS (
    -- metric_application_counts in long form: one row per group, year and count column
    UNPIVOT (
        SELECT group_type, group_value, cohort_year, applied, COLUMNS(c -> c = 'persons' OR list_contains($numerators, c) OR list_contains($denominators, c))
        FROM metric_application_counts
    )
    ON COLUMNS(* EXCLUDE (group_type, group_value, cohort_year, applied))
    INTO NAME count_column VALUE persons
),

by_year AS (
    -- total: the value of applicants and of the medians
    SELECT
        'applicants' AS metric, group_type, group_value, cohort_year, applied AS defined,
        NULL::BIGINT AS numerator, NULL::BIGINT AS denominator, persons::DOUBLE AS total
    FROM metric_application_counts
    UNION ALL
    SELECT d.metric, n.group_type, n.group_value, n.cohort_year, n.applied, n.persons, m.persons, NULL
    FROM declared AS d
    JOIN counted AS n ON n.count_column = d.numerator_column
    JOIN counted AS m
        ON m.group_type = n.group_type AND m.group_value = n.group_value
        AND m.cohort_year = n.cohort_year AND m.count_column = d.denominator_column
),

pooled AS (
    SELECT
        metric, group_type, group_value, NULL::INTEGER AS cohort_year,
        bool_or(defined) AS defined,
        sum(numerator) FILTER (defined)::BIGINT AS numerator,
        sum(denominator) FILTER (defined)::BIGINT AS denominator,
        sum(total) FILTER (defined) AS total
    FROM by_year
    GROUP BY metric, group_type, group_value
),

medians AS (
    SELECT
        'selection_score_median' AS metric, group_type, group_value, cohort_year, applied AS defined,
        NULL::BIGINT AS numerator, scored AS denominator, score_median AS total
    FROM metric_application_counts
    UNION ALL
    SELECT
        'selected_score_median', group_type, group_value, cohort_year, applied,
        NULL, selected_scored, selected_score_median
    FROM metric_application_counts
),

application_groups AS (
    SELECT group_type, group_value, bool_or(applied) AS defined
    FROM metric_application_counts
    GROUP BY ALL
),

pooled_medians AS (
    -- over every application of the years with applicants data
    SELECT
        'selection_score_median' AS metric, g.group_type, g.group_value, NULL::INTEGER AS cohort_year,
        g.defined, NULL::BIGINT AS numerator, count(a.score) AS denominator, median(a.score) AS total
    FROM application_groups AS g
    LEFT JOIN metric_applications AS a USING (group_type, group_value)
    GROUP BY ALL
    UNION ALL
    SELECT
        'selected_score_median', g.group_type, g.group_value, NULL, g.defined, NULL,
        count(a.score) FILTER (a.selected), median(a.score) FILTER (a.selected)
    FROM application_groups AS g
    LEFT JOIN metric_applications AS a USING (group_type, group_value)
    GROUP BY ALL
),

cutoff_scores AS (
    -- per (year, discipline) and score that occurs: the selected and the passed over
    SELECT
        cohort_year, group_type, group_value, score,
        count(*) FILTER (selected) AS selected_here,
        count(*) FILTER (NOT selected) AS passed_here
    FROM metric_applications
    WHERE list_contains($cutoff_group_types, group_type) AND score IS NOT NULL
    GROUP BY ALL
),

cutoff_errors AS (
    -- applicants a line at c = score misplaces: selected below c, passed over at or above c
    SELECT
        cohort_year, group_type, group_value, score,
        coalesce(sum(selected_here) OVER (
            PARTITION BY cohort_year, group_type, group_value ORDER BY score
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ), 0) + sum(passed_here) OVER (
            PARTITION BY cohort_year, group_type, group_value ORDER BY score
            ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING
        ) AS misplaced
    FROM cutoff_scores
),

cutoffs AS (
    -- the fewest misplaced, the lowest c on a tie
    SELECT cohort_year, group_type, group_value, first(score ORDER BY misplaced, score) AS cutoff
    FROM cutoff_errors
    GROUP BY ALL
),

lines AS (
    SELECT
        'selection_cutoff' AS metric, c.group_type, c.group_value, c.cohort_year, c.applied AS defined,
        NULL::BIGINT AS numerator, c.scored AS denominator, l.cutoff AS total
    FROM metric_application_counts AS c
    LEFT JOIN cutoffs AS l USING (cohort_year, group_type, group_value)
    WHERE list_contains($cutoff_group_types, c.group_type)
    UNION ALL
    SELECT
        'selected_score_min', c.group_type, c.group_value, c.cohort_year, c.applied,
        NULL, c.scored, min(a.score) FILTER (a.selected)
    FROM metric_application_counts AS c
    LEFT JOIN metric_applications AS a USING (cohort_year, group_type, group_value)
    WHERE list_contains($cutoff_group_types, c.group_type)
    GROUP BY ALL
),

all_rows AS (
    SELECT * FROM by_year
    UNION ALL
    SELECT * FROM pooled
    UNION ALL
    SELECT * FROM medians
    UNION ALL
    SELECT * FROM pooled_medians
    UNION ALL
    SELECT * FROM lines
)

SELECT
    metric,
    cohort_year,
    group_type,
    group_value,
    NULL::INTEGER AS horizon,
    CASE WHEN cohort_year IS NOT NULL THEN 1 END AS cohorts_pooled,
    CASE WHEN defined THEN numerator END AS numerator,
    CASE WHEN defined THEN denominator END AS denominator,
    CASE
        WHEN NOT defined THEN NULL
        WHEN numerator IS NULL THEN total
        ELSE numerator / nullif(denominator, 0)
    END AS value
FROM all_rows;
