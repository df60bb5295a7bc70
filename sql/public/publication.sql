-- public.publication: one row about the published file: when, by which run, and the
-- small-cell threshold its public tables were suppressed with.
CREATE OR REPLACE TABLE public.publication AS
SELECT
    CAST($published_at AS TIMESTAMP) AS published_at,
    CAST($run_id AS VARCHAR) AS run_id,
    CAST($small_cell_k AS INTEGER) AS small_cell_k,
    CAST($small_count_label AS VARCHAR) AS small_count_label,
    CAST($withheld_mark AS VARCHAR) AS withheld_mark,
    (SELECT count(*) FROM public.metric_values) AS metric_rows,
    (SELECT count(*) FROM public.metric_values WHERE suppressed) AS metric_rows_suppressed;
