/* core.person_years: The person-year panel: one row per person per year from the cohort
year to the data horizon H (latest survey year): years since selection, responded and
status that year, entered_university by then, the Top-Notch event in that year and
whether the person is in a base, observed (year ≤ last observed year) and censored_here
(the last observed year of a person without event).

year: The calendar year of the panel row, from the cohort year to the data horizon H.
years_since_selection: year − cohort year.
responded: The person answered the follow-up survey about this year.
status: Status answered for this year; NULL without a response.
university_code: University answered for this year; NULL without a response or match.
topnotch_event: This is the person's Top-Notch event year.
in_topnotch: The person has entered a 拔尖计划 base by this year.
entered_university: The person has entered university by this year.
observed: year ≤ the person's last observed year.
censored_here: The last observed year of a person without event (where Kaplan–Meier
    censors them).
*/
-- core.person_years: one row per person per year from the cohort year to the data
-- horizon H (the latest survey year of any accepted response).
CREATE OR REPLACE TABLE core.person_years AS
WITH horizon AS (
    SELECT coalesce(max(survey_year), (SELECT max(cohort_year) FROM core.persons)) AS h
    FROM core.survey_responses
),

outcomes AS (
    SELECT * FROM core.person_outcomes
),

years AS (
    SELECT p.person_key, p.cohort_year, unnest(range(p.cohort_year, greatest(h.h, p.cohort_year) + 1)) AS year
    FROM core.persons AS p CROSS JOIN horizon AS h
),

final AS (
    SELECT
        y.person_key,
        y.year,
        y.year - y.cohort_year AS years_since_selection,
        r.person_key IS NOT NULL AS responded,
        r.status,
        r.university_code,
        coalesce(o.topnotch_event_year = y.year, FALSE) AS topnotch_event,
        o.topnotch_event_year IS NOT NULL AND y.year >= o.topnotch_event_year AS in_topnotch,
        coalesce(o.entered_university_year <= y.year, FALSE) AS entered_university,
        y.year <= o.last_observed_year AS observed,
        o.topnotch_event_year IS NULL AND y.year = o.last_observed_year AS censored_here
    FROM years AS y
    JOIN outcomes AS o USING (person_key)
    LEFT JOIN core.survey_responses AS r ON r.person_key = y.person_key AND r.survey_year = y.year
)

SELECT * FROM final
ORDER BY person_key, year;
