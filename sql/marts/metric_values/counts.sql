-- The rows of marts.metric_values of the cohort metrics except topnotch_km, before
-- intervals: one row per metric, cohort year (NULL: all cohorts pooled), group, horizon
-- and cohorts pooled.
--
-- A row whose metric is not defined for its cohort (no assessment data for Y; Y + h > H;
-- Y + 6 > H; ever_reached and the university destinations with Y ≥ H) is present with NULL numerator, denominator and value: "in progress". A
-- pooled row sums the cohorts for which its metric is defined (NULL when there is none).
-- A defined row of a group without persons has numerator 0, denominator 0, value NULL.
-- From the working tables of cohort_counts.sql. Parameters:
-- $topnotch_horizons (h = 1 … 8) and the registry's counted rates
-- (pipelines/registry/metrics.py), one list element each: $counted_metrics, their
-- $numerators and $denominators (columns of metric_counts: a person flag or `persons`),
-- $needs_assessment and $observed_years (defined only for cohorts with Y + n ≤ H).
-- $pooled_three: the rates also given over the last $three_cohorts cohorts at which they
-- are defined (at each horizon), for the groups of $three_cohort_group_types: cohort_year =
-- the latest of them, cohorts_pooled = $three_cohorts; none with fewer defined cohorts.
WITH declared AS (
    SELECT
        unnest($counted_metrics) AS metric,
        unnest($numerators) AS numerator_column,
        unnest($denominators) AS denominator_column,
        unnest($needs_assessment) AS needs_assessment,
        unnest($observed_years) AS observed_years
),

counted AS (
    -- metric_counts in long form: one row per group, cohort and count column
    UNPIVOT (
        SELECT group_type, group_value, cohort_year, COLUMNS(c -> c = 'persons' OR list_contains($numerators, c) OR list_contains($denominators, c))
        FROM metric_counts
    )
    ON COLUMNS(* EXCLUDE (group_type, group_value, cohort_year))
    INTO NAME count_column VALUE persons
),

rates AS (
    -- the registry's counted rates: numerator and denominator are counts of person flags
    SELECT
        d.metric,
        c.group_type,
        c.group_value,
        c.cohort_year,
        (NOT d.needs_assessment OR c.assessed)
            AND (d.observed_years IS NULL OR coalesce(c.cohort_year + d.observed_years <= c.data_horizon, FALSE))
            AS defined,
        n.persons AS numerator,
        m.persons AS denominator
    FROM metric_counts AS c
    CROSS JOIN declared AS d
    JOIN counted AS n
        ON n.group_type = c.group_type AND n.group_value = c.group_value
        AND n.cohort_year = c.cohort_year AND n.count_column = d.numerator_column
    JOIN counted AS m
        ON m.group_type = c.group_type AND m.group_value = c.group_value
        AND m.cohort_year = c.cohort_year AND m.count_column = d.denominator_column
),

coverage AS (
    -- horizons 1 … H − Y of every cohort
    SELECT
        group_type,
        group_value,
        cohort_year,
        unnest(range(1, data_horizon - cohort_year + 1)) AS horizon,
        persons
    FROM metric_counts
),

topnotch AS (
    SELECT
        c.group_type,
        c.group_value,
        c.cohort_year,
        h.horizon,
        coalesce(c.cohort_year + h.horizon <= c.data_horizon, FALSE) AS defined,
        c.persons,
        coalesce(sum(e.events), 0) AS events
    FROM metric_counts AS c
    CROSS JOIN (SELECT unnest($topnotch_horizons) AS horizon) AS h
    LEFT JOIN metric_events AS e
        ON e.group_type = c.group_type
        AND e.group_value = c.group_value
        AND e.cohort_year = c.cohort_year
        AND e.topnotch_time <= h.horizon
    GROUP BY ALL
),

by_cohort AS (
    -- total: the value of cohort_size and the sum behind training_hours_mean
    SELECT
        'cohort_size' AS metric, group_type, group_value, cohort_year, NULL::INTEGER AS horizon,
        TRUE AS defined, NULL::BIGINT AS numerator, NULL::BIGINT AS denominator,
        persons::DOUBLE AS total
    FROM metric_counts
    UNION ALL
    SELECT metric, group_type, group_value, cohort_year, NULL, defined, numerator, denominator, NULL
    FROM rates
    UNION ALL
    SELECT 'training_hours_mean', group_type, group_value, cohort_year, NULL, TRUE, NULL, persons, training_hours
    FROM metric_counts
    UNION ALL
    SELECT 'followup_coverage', c.group_type, c.group_value, c.cohort_year, c.horizon, TRUE,
        coalesce(r.persons, 0), c.persons, NULL
    FROM coverage AS c
    LEFT JOIN metric_responded AS r USING (group_type, group_value, cohort_year, horizon)
    UNION ALL
    SELECT 'topnotch_rate', group_type, group_value, cohort_year, horizon, defined, events, persons, NULL
    FROM topnotch
),

pooled AS (
    SELECT
        metric, group_type, group_value, NULL::INTEGER AS cohort_year, horizon,
        bool_or(defined) AS defined,
        sum(numerator) FILTER (defined)::BIGINT AS numerator,
        sum(denominator) FILTER (defined)::BIGINT AS denominator,
        sum(total) FILTER (defined) AS total
    FROM by_cohort
    GROUP BY metric, group_type, group_value, horizon
),

three_cohorts AS (
    -- per metric and horizon, the last $three_cohorts cohort years at which it is defined
    -- (whether a cohort's row is defined does not depend on the group)
    SELECT metric, horizon, cohort_year
    FROM (
        SELECT DISTINCT metric, horizon, cohort_year
        FROM by_cohort
        WHERE defined AND list_contains($pooled_three, metric)
    )
    QUALIFY row_number() OVER (PARTITION BY metric, horizon ORDER BY cohort_year DESC) <= $three_cohorts
        AND count(*) OVER (PARTITION BY metric, horizon) >= $three_cohorts
),

pooled_three AS (
    SELECT
        b.metric, b.group_type, b.group_value, max(b.cohort_year) AS cohort_year, b.horizon,
        TRUE AS defined, sum(b.numerator)::BIGINT AS numerator,
        sum(b.denominator)::BIGINT AS denominator, NULL::DOUBLE AS total,
        $three_cohorts AS cohorts_pooled
    FROM by_cohort AS b
    JOIN three_cohorts AS t
        ON t.metric = b.metric AND t.cohort_year = b.cohort_year
        AND t.horizon IS NOT DISTINCT FROM b.horizon
    WHERE list_contains($three_cohort_group_types, b.group_type)
    GROUP BY b.metric, b.group_type, b.group_value, b.horizon
),

medians AS (
    SELECT
        'training_hours_median' AS metric, group_type, group_value, cohort_year, NULL::INTEGER AS horizon,
        TRUE AS defined, NULL::BIGINT AS numerator, persons AS denominator,
        training_hours_median AS total
    FROM metric_counts
    UNION ALL
    SELECT
        'training_hours_median', g.group_type, g.group_value, NULL, NULL,
        TRUE, NULL, count(p.person_id), median(p.training_hours)
    FROM metric_groups AS g
    LEFT JOIN metric_persons AS p USING (group_type, group_value)
    GROUP BY g.group_type, g.group_value
),

all_rows AS (
    SELECT *, 1 AS cohorts_pooled FROM by_cohort
    UNION ALL
    SELECT *, NULL FROM pooled
    UNION ALL
    SELECT *, CASE WHEN cohort_year IS NOT NULL THEN 1 END FROM medians
    UNION ALL
    SELECT * FROM pooled_three
)

SELECT
    metric,
    cohort_year,
    group_type,
    group_value,
    horizon,
    cohorts_pooled,
    CASE WHEN defined THEN numerator END AS numerator,
    CASE WHEN defined THEN denominator END AS denominator,
    CASE
        WHEN NOT defined THEN NULL
        WHEN metric IN ('cohort_size', 'training_hours_median') THEN total
        WHEN metric = 'training_hours_mean' THEN total / nullif(denominator, 0)
        ELSE numerator / nullif(denominator, 0)
    END AS value
FROM all_rows;
