/* public.publication: One row about this file: when it was published, by which pipeline
run, and the small-cell threshold k the public tables were suppressed with.

published_at: When this file was published (UTC).
run_id: The Dagster run that published it.
small_cell_k: k: counts of persons from 0 to k − 1 are hidden.
small_count_label: How such a count is shown (<k).
withheld_mark: How a figure withheld for another reason is shown (a rate by the
    complement rule, a count hidden by complementary suppression).
undefined_mark: How a figure that is not defined (no data yet, not observable) is shown.
metric_rows: Rows of public.metric_values.
metric_rows_suppressed: Of those, rows with a hidden figure.
*/
-- public.publication: one row about the published file: when, by which run, and the
-- small-cell threshold its public tables were suppressed with.
CREATE OR REPLACE TABLE public.publication AS
SELECT
    CAST($published_at AS TIMESTAMP) AS published_at,
    CAST($run_id AS VARCHAR) AS run_id,
    CAST($small_cell_k AS INTEGER) AS small_cell_k,
    CAST($small_count_label AS VARCHAR) AS small_count_label,
    CAST($withheld_mark AS VARCHAR) AS withheld_mark,
    CAST($undefined_mark AS VARCHAR) AS undefined_mark,
    (SELECT count(*) FROM public.metric_values) AS metric_rows,
    (SELECT count(*) FROM public.metric_values WHERE suppressed) AS metric_rows_suppressed;
