/* public.metric_values: The outcome metrics of marts.metric_values (metrics.md: one row
per metric, cohort year, group and horizon) for publication. Small cells suppressed for
readers outside the analyst team (metrics.md, publication rules): a count from 1 to k −
1 is hidden and shown as <k (<5 by default), a rate or statistic of a row with a hidden
count is withheld, and complementary cells are hidden so that no hidden count can be
worked out from a total (pipelines/publish/suppression.py has the exact rule).
public.publication gives k. Hidden numbers are NULL in the numeric columns; the
*_display columns show every figure as text.

numerator: Persons counted in the rate, as in marts.metric_values; NULL where not
    applicable or not defined, and where hidden (numerator_display then shows <k or *).
denominator: Persons the rate or average is over, as in marts.metric_values; NULL where
    not applicable or not defined, and where hidden (denominator_display then shows <k
    or *).
value: The metric (a count, hours, a share or F(h)), as in marts.metric_values; NULL
    where not defined, and where withheld (value_display then shows <k or *).
ci_low: Lower bound of the 95% interval; NULL when not applicable or withheld.
ci_high: Upper bound of the 95% interval; NULL when not applicable or withheld.
numerator_display: numerator as shown to readers: the number, <k (<5 by default) for a
    count from 1 to k − 1, * when withheld.
denominator_display: denominator as shown to readers: the number, <k for a count from 1
    to k − 1, * when withheld.
value_display: value as shown to readers (to four decimals): <k for a cohort size from 1
    to k − 1, * when withheld; NULL where not defined.
suppressed: True when any figure of the row is hidden.
suppression: Why: small_denominator (the denominator is 1 … k − 1, so the rate is not
    given), small_count (a count is 1 … k − 1), complementary (hidden so that another
    hidden count cannot be worked out from a total, or because the same count is hidden
    where it is published again); NULL when nothing is hidden.
*/
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
        cohorts_pooled,
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
ORDER BY metric, group_type, group_value, cohort_year NULLS FIRST, horizon NULLS FIRST, cohorts_pooled NULLS FIRST;
