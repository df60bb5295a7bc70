-- How the public tables show a figure as text (pipelines/publish/public.py runs this
-- before sql/public/metric_values.sql and sql/public/annual_reach.sql): a whole number
-- without decimals, anything else to four decimals; a hidden figure (its `*_hidden` reason
-- not NULL) as small_label (<k) when it is a count from 0 to k - 1, else as withheld_mark
-- (*); NULL for a figure that is NULL and not hidden (the caller shows — where that means
-- not defined).
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
