/* public.annual_reach: The programme's reach per year, nationally and for each of the 32
reporting units (marts.annual_reach), in the published edition, suppressed in one pass
with public.metric_values (pipelines/publish/suppression.py): students, girls and boys,
alumni and alumni who responded are counts of persons and follow the rules of
public.metric_values (a count from 0 to k − 1 shown <k; a share given only where its
numerator and complement are at least k; complementary cells hidden; a unit's students of
year Y are the cohort size of cohort Y there, hidden in both or neither). Schools,
universities and mentors are not persons: shown as computed, except withheld (*) where the
unit's students of that year are hidden. A unit without students in a year (without
alumni, for survey_response_rate) has no row for it. Hidden numbers are NULL in the
numeric columns; the *_display columns show every figure as text.

year: The cohort year of the cohort measures (students, girls_share, schools,
    universities, mentors); the survey year of survey_response_rate.
group_type: national or province.
group_value: all (national) or the unit's six-digit code.
measure: students (persons of cohort `year`); girls_share (girls among them); schools,
    universities, mentors (distinct secondary schools, training universities, mentors of
    the cohort); survey_response_rate (alumni — persons of the unit's cohorts before
    `year` — with a response of survey year `year`, among the alumni).
detail: For mentors: NULL for all mentors, or a mentor title. NULL for the other measures.
numerator: girls_share: girls; survey_response_rate: alumni who responded in `year`.
    NULL for the counts, and where hidden (numerator_display then shows <k or *).
denominator: girls_share: students; survey_response_rate: alumni. NULL for the counts,
    and where hidden.
value: The count or the share numerator / denominator; NULL where not defined (no survey
    that year) and where hidden or withheld.
ci_low: Lower end of the 95% Wilson interval of a share; NULL for counts, where not
    defined and where withheld.
ci_high: Upper end of the 95% Wilson interval of a share (as ci_low).
numerator_display: numerator as shown to readers: the number, <k (<5 by default) for 0 to
    k − 1, * when withheld; NULL for the counts and where not defined.
denominator_display: denominator as shown to readers: the number, <k for 0 to k − 1, *
    when withheld; NULL for the counts and where not defined.
value_display: value as shown to readers (to four decimals): <k for a students count from
    0 to k − 1, * when withheld, — where not defined (no survey that year).
suppressed: True when any figure of the row is hidden.
suppression: Why: small_denominator, small_count, complement, complementary as in
    public.metric_values; population_hidden (an institution count withheld because the
    unit's students of that year are hidden); NULL when nothing is hidden.
*/
-- public.annual_reach: marts.annual_reach in the published edition, flagged by
-- pipelines/publish/published_cells.py (annual_reach_flagged) together with
-- public.metric_values and shown with the same marks (published_figures,
-- pipelines/publish/display.sql).
CREATE OR REPLACE TABLE public.annual_reach AS
SELECT *
FROM published_figures('annual_reach_flagged', $small_count_label, $withheld_mark, $undefined_mark)
ORDER BY year, group_type, group_value, measure, detail NULLS FIRST;
