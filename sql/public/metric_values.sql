-- public.metric_values: marts.metric_values with small cells suppressed, for readers
-- outside the analyst team. The rule is in pipelines/publish/suppression.py, which flags
-- each row (metric_values_flagged: the marts columns and why each figure is hidden); a
-- hidden figure is NULL here, and the *_display columns show it as $small_count_label
-- ('<5') when it is a count from 1 to k - 1, else as $withheld_mark ('*').
CREATE OR REPLACE TEMP MACRO display_number(x) AS
    CASE
        WHEN x IS NULL THEN NULL
        WHEN x = round(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
        ELSE CAST(round(CAST(x AS DOUBLE), 4) AS VARCHAR)
    END;

CREATE OR REPLACE TABLE public.metric_values AS
WITH flagged AS (
    SELECT * FROM metric_values_flagged
),

final AS (
    SELECT
        metric,
        cohort_year,
        group_type,
        group_value,
        horizon,
        CASE WHEN numerator_hidden IS NULL THEN numerator END AS numerator,
        CASE WHEN denominator_hidden IS NULL THEN denominator END AS denominator,
        CASE WHEN value_hidden IS NULL THEN value END AS value,
        CASE WHEN value_hidden IS NULL THEN ci_low END AS ci_low,
        CASE WHEN value_hidden IS NULL THEN ci_high END AS ci_high,
        CASE
            WHEN numerator_hidden = 'small_count' THEN $small_count_label
            WHEN numerator_hidden IS NOT NULL THEN $withheld_mark
            ELSE display_number(numerator)
        END AS numerator_display,
        CASE
            WHEN denominator_hidden = 'small_count' THEN $small_count_label
            WHEN denominator_hidden IS NOT NULL THEN $withheld_mark
            ELSE display_number(denominator)
        END AS denominator_display,
        CASE
            WHEN value_hidden = 'small_count' THEN $small_count_label
            WHEN value_hidden IS NOT NULL THEN $withheld_mark
            ELSE display_number(value)
        END AS value_display,
        suppression IS NOT NULL AS suppressed,
        suppression
    FROM flagged
)

SELECT * FROM final
ORDER BY metric, group_type, group_value, cohort_year NULLS FIRST, horizon NULLS FIRST;
