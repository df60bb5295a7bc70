/* public.metric_values: The outcome metrics of marts.metric_values (metrics.md: one row
per metric, cohort year, group, horizon and cohorts_pooled) in the published edition
(metrics.md, "Editions and small cells"): a count of persons from 0 to k − 1 is hidden and
shown as <k (<5 by default); a rate is given only where its numerator and its complement
(denominator − numerator) are both at least k, and where the complement is below k the
numerator is hidden too (*); complementary cells are hidden so that no hidden count can be
worked out from a total; a figure of a row with a hidden count is withheld (*). An empty
group (no persons in its cohort(s)) has no row, and metrics of the internal edition only
(selection_cutoff, selected_score_min) are not here. pipelines/publish/suppression.py has
the exact rule; public.publication gives k and the marks. Hidden numbers are NULL in the
numeric columns; the *_display columns show every figure as text.

numerator: Persons counted in the rate (events of a Kaplan–Meier row), as in
    marts.metric_values; NULL where not applicable or not defined, and where hidden
    (numerator_display then shows <k or *).
denominator: Persons the rate, mean or median is over (at risk at h for Kaplan–Meier), as
    in marts.metric_values; NULL where not applicable or not defined, and where hidden
    (denominator_display then shows <k or *).
value: The metric (a count, hours, a score, a share or F(h)), as in
    marts.metric_values: NULL where not defined, and where withheld (value_display then shows <k or *).
ci_low: Lower bound of the 95% interval; NULL when not applicable, not defined or withheld.
ci_high: Upper bound of the 95% interval; NULL when not applicable, not defined or withheld.
numerator_display: numerator as shown to readers: the number, <k (<5 by default) for a
    count from 0 to k − 1, * when withheld (its complement is below k, or hidden to
    protect another cell); NULL where numerator is not applicable or not defined.
denominator_display: denominator as shown to readers: the number, <k for a count from 0
    to k − 1, * when withheld; NULL where not applicable or not defined.
value_display: value as shown to readers (to four decimals): <k for a count (cohort_size,
    applicants) from 0 to k − 1, * when withheld, — where the value is not defined (no
    data yet, not observable: see Metric.undefined_reason).
suppressed: True when any figure of the row is hidden.
suppression: Why: small_denominator (the denominator is 0 … k − 1, so the rate, mean or
    median is not given), small_count (another count is 0 … k − 1), complement (the
    complement denominator − numerator is below k, so the numerator and the rate are
    withheld), complementary (hidden so that another hidden count cannot be worked out
    from a total, or because the same count is hidden where it is published again); NULL
    when nothing is hidden.
*/
-- public.metric_values: marts.metric_values in the published edition. The rule is in
-- pipelines/publish/suppression.py; published_cells.py flags each published row
-- (metric_values_flagged: the marts columns and why each figure is hidden); a hidden
-- figure is NULL here, and published_figures (pipelines/publish/display.sql) shows it as
-- $small_count_label ('<5') when it is a count from 0 to k - 1, else as $withheld_mark
-- ('*'); a value NULL and not hidden is not defined: $undefined_mark ('—').
CREATE OR REPLACE TABLE public.metric_values AS
SELECT *
FROM published_figures('metric_values_flagged', $small_count_label, $withheld_mark, $undefined_mark)
ORDER BY metric, group_type, group_value, cohort_year NULLS FIRST, horizon NULLS FIRST, cohorts_pooled NULLS FIRST;
