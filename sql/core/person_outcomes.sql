/* core.person_outcomes: One row per person with the outcomes of metrics.md: training hours
(0 without training), completed (结业 优秀/合格), excellent, withdrew (退出), responses, latest
status, entered_university, latest major and its category, qiangji (强基计划),
graduate_study, the Top-Notch event year and time t = event year − cohort year, and the
last observed year and censoring time c for persons without event.

training_hours: Sum of the person's accepted training hours; 0 without training.
training_activities: Number of the person's accepted training activities.
completed: Has an accepted 结业 assessment with result 优秀 or 合格.
excellent: Has an accepted 结业 assessment with result 优秀.
withdrew: Has an accepted assessment with result 退出.
responses: Number of accepted follow-up responses.
latest_status: Status of the response with the largest survey year; NULL without
    responses.
entered_university: Latest status 本科在读, 研究生在读 or 已就业, or any response 本科在读 or 研究生在读.
entered_university_year: The first survey year with status 本科在读, 研究生在读 or 已就业.
latest_major: Major of the latest response that names one.
latest_major_category: That major's category (基础学科 or 其他); NULL when unknown.
qiangji: Any response with admission route 强基计划.
graduate_study: Any response with status 研究生在读.
topnotch_event_year: Event year of Top-Notch (拔尖计划) selection: the smallest
    coalesce(topnotch_year, survey_year) over responses with topnotch = 是; NULL without
    event.
topnotch_time: t = event year − cohort year; NULL without event.
last_observed_year: The largest survey year the person responded in, or the cohort year
    without responses.
censoring_time: c = last observed year − cohort year (used for persons without event).
*/
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
