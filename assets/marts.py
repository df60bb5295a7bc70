"""The marts layer: the outcome metrics of metrics.md for analysts, dashboards and
reports. marts.metric_values holds every metric in long form; the wide marts answer the
common questions in one row per cohort (and province). Each asset's description and
column schema (`dagster/column_schema`) are the data dictionary of its table."""

from __future__ import annotations

import dagster as dg

from pipelines.metrics.metric_values import build_metric_values
from pipelines.metrics.names import METRICS, SUMMARY_TOPNOTCH_HORIZON
from pipelines.resources import PathsResource
from pipelines.warehouse import connect, run_sql, transaction

GROUP = "marts"
CORE_INPUTS = [
    ["core", "persons"], ["core", "person_outcomes"], ["core", "assessments"],
    ["core", "survey_responses"],
]


def _schema(*columns: tuple[str, str, str]) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name, type, description=text) for name, type, text in columns]
    )


METRIC_VALUES_COLUMNS = _schema(
    ("metric", "VARCHAR", "The metric's stable name (metrics.md): " + ", ".join(METRICS) + "."),
    ("cohort_year", "INTEGER",
     "The cohort year Y; NULL for the pooled row over all cohorts for which the metric is "
     "defined (always NULL for topnotch_km)."),
    ("group_type", "VARCHAR",
     "national, province, discipline, gender, grade, university or mentor_title; groups are "
     "formed from the person's cohort attributes (earliest cohort row)."),
    ("group_value", "VARCHAR",
     "all (national); the six-digit GB/T 2260 code (province); 数学/物理/化学/生物/计算机; "
     "男/女; 高一/高二; the university_code; the mentor title."),
    ("horizon", "INTEGER",
     "Years after selection: S − Y for followup_coverage (survey year S), h = 1 … 8 for "
     "topnotch_rate and topnotch_km; NULL for the other metrics."),
    ("numerator", "BIGINT",
     "Persons counted in the rate (for topnotch_km: events with t ≤ h; for "
     "basic_major_unknown: persons whose latest major has no known category). NULL for "
     "cohort_size, training hours, and where the metric is not defined for the cohort."),
    ("denominator", "BIGINT",
     "Persons the rate or average is over (completion etc.: cohort size; basic_major_rate: "
     "entered university with a major of known category; basic_major_unknown: entered "
     "university with a major; qiangji_rate: entered university; topnotch_km: persons "
     "still at risk at h). NULL where not applicable or not defined (in progress)."),
    ("value", "DOUBLE",
     "The metric: a count (cohort_size), hours (training_hours_mean/median), a share "
     "(numerator / denominator) or the Kaplan–Meier cumulative incidence F(h). NULL where "
     "not defined for the cohort (no assessment data, Y + h > H, Y + 6 > H: in progress), "
     "where the denominator is 0, and for topnotch_km where nobody is at risk at h."),
    ("ci_low", "DOUBLE",
     "Lower end of the 95% interval: Wilson for shares, Greenwood with the log(−log) "
     "transform for topnotch_km; NULL for counts and hours."),
    ("ci_high", "DOUBLE", "Upper end of the 95% interval (as ci_low)."),
)

_SUMMARY_COLUMNS = (
    ("cohort_year", "INTEGER", "The cohort year Y (year of selection and training)."),
    ("students", "BIGINT", "Cohort size n(Y): persons whose cohort year is Y."),
    ("assessment_data", "BOOLEAN",
     "Whether assessment data for year Y exists; when false the completion, excellence "
     "and withdrawal columns are NULL (in progress)."),
    ("completed", "BIGINT", "Persons with a 结业 assessment 优秀 or 合格."),
    ("completion_rate", "DOUBLE", "completed / students."),
    ("excellent", "BIGINT", "Persons with a 结业 assessment 优秀."),
    ("excellence_rate", "DOUBLE", "excellent / students."),
    ("withdrew", "BIGINT", "Persons with an assessment result 退出."),
    ("withdrawal_rate", "DOUBLE", "withdrew / students."),
    ("training_hours_mean", "DOUBLE",
     "Mean of the persons' accepted training hours (0 for a person without training rows)."),
    ("training_hours_median", "DOUBLE", "Median of the persons' training hours."),
    ("reached", "BIGINT", "Persons with at least one follow-up response."),
    ("ever_reached_rate", "DOUBLE", "reached / students."),
    ("years_of_followup", "INTEGER",
     "H − Y: years between selection and the latest survey year H (NULL before any survey)."),
    ("followup_coverage_latest", "DOUBLE",
     "Share of the cohort that responded in the latest survey year H (NULL when H ≤ Y)."),
    ("topnotch_events_4y", "BIGINT",
     f"Persons selected into a 拔尖计划 base within {SUMMARY_TOPNOTCH_HORIZON} years "
     "(t ≤ 4); NULL when Y + 4 > H."),
    ("topnotch_rate_4y", "DOUBLE",
     "Fixed-horizon Top-Notch rate at h = 4: topnotch_events_4y / students, non-responders "
     "counted as no event (a lower bound); NULL when Y + 4 > H."),
    ("topnotch_rate_4y_ci_low", "DOUBLE", "Lower end of its 95% Wilson interval."),
    ("topnotch_rate_4y_ci_high", "DOUBLE", "Upper end of its 95% Wilson interval."),
    ("entered_university", "BIGINT",
     "Persons who entered university (latest status 本科在读/研究生在读/已就业, or any "
     "response 本科在读/研究生在读)."),
    ("basic_major_rate", "DOUBLE",
     "Among those who entered university and whose latest major has a known category, "
     "the share in a 基础学科 major."),
    ("basic_major_unknown", "BIGINT",
     "Persons who entered university whose latest major has no known category (excluded "
     "from basic_major_rate)."),
    ("qiangji_rate", "DOUBLE",
     "Among those who entered university, the share admitted through the 强基计划."),
    ("graduate_rate", "DOUBLE",
     "Share of the cohort with a response 研究生在读; NULL when Y + 6 > H."),
)

COHORT_SUMMARY_COLUMNS = _schema(*_SUMMARY_COLUMNS)
PROVINCE_YEAR_SUMMARY_COLUMNS = _schema(
    ("province_code", "VARCHAR", "Six-digit GB/T 2260 code of the reporting unit."),
    ("province_name", "VARCHAR", "The unit's name (core.provinces)."),
    *_SUMMARY_COLUMNS,
)


METRIC_VALUES_DESCRIPTION = (
    "Every outcome metric of metrics.md in long form: one row per metric, cohort year "
    "(NULL: all cohorts pooled), group and horizon, with numerator, denominator, value and "
    "a 95% interval. Metrics: cohort_size, completion/excellence/withdrawal rates, "
    "training hours (mean, median), ever_reached, followup_coverage (horizon S − Y up to "
    "the latest survey year H), topnotch_rate (fixed horizon h = 1 … 8, Wilson interval, "
    "cohorts with Y + h ≤ H), topnotch_km (Kaplan–Meier cumulative incidence, all cohorts "
    "pooled, Greenwood log(−log) interval), basic_major_rate with basic_major_unknown, "
    "qiangji_rate, graduate_rate (cohorts with Y + 6 ≤ H). Groups: national/all, all 32 "
    "reporting units, disciplines, genders, grades and mentor titles (each with rows even "
    "without students), and the universities persons were trained at. A metric not "
    "defined for a cohort (no assessment data for Y: in progress; Y + h > H; Y + 6 > H) "
    "keeps its row with NULL numerator, denominator and value; pooled rows cover only the "
    "cohorts for which the metric is defined. Unsuppressed: small cells are for analysts "
    "only."
)


@dg.asset(
    key=["marts", "metric_values"],
    description=METRIC_VALUES_DESCRIPTION,
    deps=CORE_INPUTS,
    group_name=GROUP,
    metadata={"dagster/column_schema": METRIC_VALUES_COLUMNS},
)
def metric_values(paths: PathsResource) -> dg.MaterializeResult:
    """marts.metric_values rebuilt from the core layer (pipelines/metrics)."""
    with connect(paths.warehouse) as con, transaction(con):
        rows = build_metric_values(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


def _summary_asset(name: str, description: str, columns: dg.TableSchema, deps: list):
    @dg.asset(
        key=["marts", name],
        description=description,
        deps=deps,
        group_name=GROUP,
        metadata={"dagster/column_schema": columns},
    )
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            run_sql(con, "marts/metric_summary")
            run_sql(con, f"marts/{name}", {"horizon": SUMMARY_TOPNOTCH_HORIZON})
            (rows,) = con.execute(f"SELECT count(*) FROM marts.{name}").fetchone()
        return dg.MaterializeResult(metadata={"dagster/row_count": rows})

    return _asset


cohort_summary = _summary_asset(
    "cohort_summary",
    "One row per cohort year with the national figures of marts.metric_values: cohort "
    "size; completion, excellence and withdrawal (NULL while no assessment data exists); "
    "training hours; ever reached and follow-up coverage in the latest survey year; the "
    "4-year Top-Notch rate with its 95% Wilson interval (NULL for cohorts with Y + 4 > H); "
    "entered university, basic-discipline major (with the count of unknown categories), "
    "强基计划 and graduate-study rates.",
    COHORT_SUMMARY_COLUMNS,
    deps=[["marts", "metric_values"], ["core", "survey_responses"]],
)

province_year_summary = _summary_asset(
    "province_year_summary",
    "One row per reporting unit (all 32, also in years without students) and cohort year "
    "with the unit's figures of marts.metric_values, the same columns as "
    "marts.cohort_summary; compare with cohort_summary for the national figure.",
    PROVINCE_YEAR_SUMMARY_COLUMNS,
    deps=[["marts", "metric_values"], ["core", "survey_responses"], ["core", "provinces"]],
)
