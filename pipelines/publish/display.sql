-- How the public tables show their figures (pipelines/publish/public.py runs this before
-- sql/public/metric_values.sql and sql/public/annual_reach.sql): a whole number without
-- decimals, anything else to four decimals; a hidden figure (its `*_hidden` reason not
-- NULL) as small_label (<k) when it is a count from 0 to k - 1, else as withheld_mark (*);
-- a value NULL and not hidden is not defined: undefined_mark (—).
CREATE OR REPLACE TEMP MACRO display_number(x) AS
    CASE
        WHEN x IS NULL THEN NULL
        WHEN x = round(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
        ELSE CAST(round(CAST(x AS DOUBLE), 4) AS VARCHAR)
    END;

CREATE OR REPLACE TEMP MACRO display_figure(x, hidden, small_label, withheld_mark) AS
    CASE
        WHEN hidden = 'small_count' THEN small_label
        WHEN hidden IS NOT NULL THEN withheld_mark
        ELSE display_number(x)
    END;

-- The rows of a flagged table (pipelines/publish/published_cells.py: the marts columns and
-- why each figure is hidden) as published: its key columns, the figures with hidden ones
-- NULL, their display columns, suppressed and suppression.
CREATE OR REPLACE TEMP MACRO published_figures(flagged, small_label, withheld_mark, undefined_mark) AS TABLE
SELECT
    * EXCLUDE (numerator, denominator, value, ci_low, ci_high,
               numerator_hidden, denominator_hidden, value_hidden, suppression),
    CASE WHEN numerator_hidden IS NULL THEN numerator END AS numerator,
    CASE WHEN denominator_hidden IS NULL THEN denominator END AS denominator,
    CASE WHEN value_hidden IS NULL THEN value END AS value,
    CASE WHEN value_hidden IS NULL THEN ci_low END AS ci_low,
    CASE WHEN value_hidden IS NULL THEN ci_high END AS ci_high,
    display_figure(numerator, numerator_hidden, small_label, withheld_mark) AS numerator_display,
    display_figure(denominator, denominator_hidden, small_label, withheld_mark) AS denominator_display,
    coalesce(display_figure(value, value_hidden, small_label, withheld_mark), undefined_mark) AS value_display,
    suppression IS NOT NULL AS suppressed,
    suppression
FROM query_table(flagged);
