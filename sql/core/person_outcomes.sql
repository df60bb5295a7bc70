-- core.person_outcomes: per person, the outcomes metrics.md defines from training,
-- assessment and every survey response.
CREATE OR REPLACE TABLE core.person_outcomes AS
WITH persons AS (
    SELECT person_key, cohort_year FROM core.persons
),

responses AS (
    SELECT * FROM core.survey_responses
),

hours AS (
    SELECT person_key, sum(hours) AS training_hours, count(*) AS training_activities
    FROM core.training_activities GROUP BY person_key
),

assessed AS (
    SELECT
        person_key,
        bool_or(assessment_type = '结业' AND result IN ('优秀', '合格')) AS completed,
        bool_or(assessment_type = '结业' AND result = '优秀') AS excellent,
        bool_or(result = '退出') AS withdrew
    FROM core.assessments GROUP BY person_key
),

answered AS (
    SELECT
        person_key,
        count(*) AS responses,
        max(survey_year) AS last_response_year,
        arg_max(status, survey_year) AS latest_status,
        bool_or(status IN ('本科在读', '研究生在读')) AS ever_university_status,
        min(survey_year) FILTER (status IN ('本科在读', '研究生在读', '已就业')) AS entered_university_year,
        bool_or(admission_route = '强基计划') AS qiangji,
        bool_or(status = '研究生在读') AS graduate_study,
        min(coalesce(topnotch_year, survey_year)) FILTER (topnotch) AS topnotch_event_year,
        arg_max_null(major_category, survey_year) FILTER (major IS NOT NULL) AS latest_major_category,
        arg_max(major, survey_year) FILTER (major IS NOT NULL) AS latest_major
    FROM responses GROUP BY person_key
),

final AS (
    SELECT
        p.person_key,
        p.cohort_year,
        coalesce(h.training_hours, 0) AS training_hours,
        coalesce(h.training_activities, 0) AS training_activities,
        coalesce(a.completed, FALSE) AS completed,
        coalesce(a.excellent, FALSE) AS excellent,
        coalesce(a.withdrew, FALSE) AS withdrew,
        coalesce(r.responses, 0) AS responses,
        r.latest_status,
        coalesce(r.latest_status IN ('本科在读', '研究生在读', '已就业') OR r.ever_university_status, FALSE)
            AS entered_university,
        r.entered_university_year,
        r.latest_major,
        r.latest_major_category,
        coalesce(r.qiangji, FALSE) AS qiangji,
        coalesce(r.graduate_study, FALSE) AS graduate_study,
        r.topnotch_event_year,
        r.topnotch_event_year - p.cohort_year AS topnotch_time,
        coalesce(r.last_response_year, p.cohort_year) AS last_observed_year,
        coalesce(r.last_response_year, p.cohort_year) - p.cohort_year AS censoring_time
    FROM persons AS p
    LEFT JOIN hours AS h USING (person_key)
    LEFT JOIN assessed AS a USING (person_key)
    LEFT JOIN answered AS r USING (person_key)
)

SELECT * FROM final
ORDER BY cohort_year, person_key;
