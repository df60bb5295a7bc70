"""Every outcome metric of marts.metric_values, declared once (metrics.md).

A `Metric` says what the metric is: its stable name, its kind (a rate with a Wilson
interval, a count, a mean, a median, a Kaplan–Meier curve, a score), whom it counts (the
persons of a cohort or the applicants of a year), how its rows are counted,
its horizon and defined-ness rules, the groups it is reported by, its labels in Chinese
and English and its description. `SUMMARY_COLUMNS` says which figures the wide summaries
(marts and public cohort_summary, province_year_summary) show, in their column order.

Everything else is derived from here: the metric list and order of marts.metric_values
and which rows get a Wilson interval (pipelines/metrics), the rate rows counted from the
person flags (sql/marts/metric_values/counts.sql joins `counted_metrics()`; for the
applicants, `population` APPLICANTS, application_rows.sql), the three-cohort rows
(`pooled_three`), what only the internal edition shows (`published`), the wide
summaries' columns for both layers (pipelines/metrics/summaries.py), the column
descriptions of those tables (assets/marts.py) and the pages' metric labels
(dashboards/labels.py). Plain data: the pipeline and the presentation both import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.registry.editions import (
    HORIZON_NOT_REACHED,
    NO_APPLICANTS_DATA,
    NO_ASSESSMENT_YET,
    NO_FOLLOWUP_YET,
    EMPTY_GROUP,
    NOBODY_AT_RISK,
    Reason,
)

# --- kinds ---------------------------------------------------------------------------
RATE = "rate"  # numerator / denominator with a 95% Wilson interval
COUNT = "count"  # value = persons
MEAN = "mean"  # value = total / persons
MEDIAN = "median"  # value = the median over persons
KAPLAN_MEIER = "kaplan_meier"  # F(h), Greenwood log(−log) interval, all cohorts pooled
SCORE = "score"  # value = one score that describes the group (the selection cut-off)
KINDS = (RATE, COUNT, MEAN, MEDIAN, KAPLAN_MEIER, SCORE)

# --- horizons: what `horizon` holds ----------------------------------------------------
NO_HORIZON = "none"  # NULL
SURVEY_HORIZON = "survey"  # S − Y, one row per survey year S after the cohort year
FIXED_HORIZONS = "fixed"  # h = 1 … 8 (TOPNOTCH_HORIZONS)

# Horizons h (years since selection) of the fixed-horizon rate and the Kaplan–Meier curve.
TOPNOTCH_HORIZONS: tuple[int, ...] = tuple(range(1, 9))
# The fixed horizon the wide summaries show (topnotch_rate_4y).
SUMMARY_TOPNOTCH_HORIZON = 4
CONFIDENCE = 0.95

# --- groups --------------------------------------------------------------------------
GROUP_TYPES: tuple[str, ...] = (
    "national", "province", "discipline", "gender", "grade", "university", "mentor_title",
)
NATIONAL = "all"
# Applicant metrics are grouped by the applicant's own row of the application year, which
# has no university or mentor.
APPLICANT_GROUP_TYPES: tuple[str, ...] = ("national", "province", "discipline", "gender", "grade")
# The cut-off and the lowest selected score: per (application year, discipline) only.
CUTOFF_GROUP_TYPES: tuple[str, ...] = ("discipline",)

# --- populations: whom a metric counts -------------------------------------------------
COHORT = "cohort"  # the persons of a cohort (core.persons), cohort_year = Y
APPLICANTS = "applicants"  # the applicants of an application year (core.applicants), a person once per year

# --- three-cohort rows (metrics.md, "Editions and small cells") -------------------------
# Rates of rare outcomes are also given over the last three cohorts at which they are
# defined, for these groups, with cohorts_pooled = THREE_COHORTS.
THREE_COHORTS = 3
THREE_COHORT_GROUP_TYPES: tuple[str, ...] = ("national", "province")

# The count of all persons of a group and cohort (a denominator of most rates).
ALL_PERSONS = "persons"


@dataclass(frozen=True)
class Metric:
    """One metric of marts.metric_values.

    `numerator` and `denominator` name person flags: boolean columns of metric_persons
    (sql/marts/metric_values/persons.sql, the person-level outcomes), counted per group and
    cohort; `ALL_PERSONS` counts everybody. A rate with both given is counted by the
    generic branch of metric_values/counts.sql; the others (cohort size, training hours,
    coverage by survey year, the fixed-horizon and Kaplan–Meier Top-Notch figures) have
    their own branch there, named after the metric. `needs_assessment`: defined only for
    cohorts with assessment data; `observed_years` n: defined only for cohorts with
    Y + n ≤ H. Otherwise the row is there with NULL figures ("in progress").

    `population`: COHORT counts the persons of cohort Y; APPLICANTS counts the applicants
    of application year Y (cohort_year holds Y; flags of metric_applications,
    sql/marts/metric_values/applications.sql), defined only for years with applicants data.
    `published`: False for a figure of the internal edition only (a minimum is one
    student's score). `pooled_three`: a rare outcome also given over the last three
    cohorts at which it is defined (cohorts_pooled = THREE_COHORTS), for the groups of
    THREE_COHORT_GROUP_TYPES."""

    name: str
    kind: str
    label_zh: str
    label_en: str
    description: str
    numerator: str | None = None
    denominator: str | None = None
    needs_assessment: bool = False
    observed_years: int | None = None
    horizon: str = NO_HORIZON
    groupings: tuple[str, ...] = GROUP_TYPES
    population: str = COHORT
    published: bool = True
    pooled_three: bool = False

    @property
    def counted(self) -> bool:
        """Whether the generic rate branch counts it from two person flags."""
        return self.numerator is not None and self.denominator is not None

    @property
    def undefined_reason(self) -> Reason:
        """Why a row of this metric has no value, in words for the pages: the rule that
        makes it undefined."""
        if self.population == APPLICANTS:
            return NO_APPLICANTS_DATA
        if self.kind == KAPLAN_MEIER:
            return NOBODY_AT_RISK
        if self.needs_assessment:
            return NO_ASSESSMENT_YET
        if self.observed_years == 1 or self.horizon == SURVEY_HORIZON:
            return NO_FOLLOWUP_YET
        if self.observed_years is not None or self.horizon == FIXED_HORIZONS:
            return HORIZON_NOT_REACHED
        return EMPTY_GROUP  # defined for every cohort: no value only without persons to count


# --- which figure of which row a summary column shows -----------------------------------
NUMERATOR, DENOMINATOR, VALUE, CI_LOW, CI_HIGH = "numerator", "denominator", "value", "ci_low", "ci_high"
DEFINED = "defined"  # whether the metric is defined for the cohort
VALUE_DISPLAY = "value_display"  # the value as readers see it (public only)
YEARS_OF_FOLLOWUP = "years_of_followup"  # H − Y, of no metric
SUPPRESSED = "suppressed"  # any figure of the row hidden (public only), of no metric
FIELDS = (NUMERATOR, DENOMINATOR, VALUE, CI_LOW, CI_HIGH, DEFINED, VALUE_DISPLAY, YEARS_OF_FOLLOWUP, SUPPRESSED)

# Which row of a metric with horizons a summary shows.
AT_SUMMARY_HORIZON = "summary"  # h = SUMMARY_TOPNOTCH_HORIZON
AT_LATEST_SURVEY = "latest"  # S = H, the latest survey year


@dataclass(frozen=True)
class SummaryColumn:
    """A column of the wide summaries: `field` of `metric`'s row for the group and
    cohort (at `at` for a metric with horizons), as DuckDB type `type`; `public_only`
    columns exist only in the public summaries."""

    name: str
    metric: str | None
    field: str
    type: str
    description: str
    at: str | None = None
    public_only: bool = False


@dataclass(frozen=True)
class MetricRegistry:
    metrics: tuple[Metric, ...]
    summary_columns: tuple[SummaryColumn, ...]

    def names(self) -> tuple[str, ...]:
        """Every metric, in the order of metrics.md (the row order of marts.metric_values)."""
        return tuple(m.name for m in self.metrics)

    def of_kind(self, *kinds: str) -> tuple[str, ...]:
        return tuple(m.name for m in self.metrics if m.kind in kinds)

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)

    def of_population(self, population: str) -> tuple[Metric, ...]:
        return tuple(m for m in self.metrics if m.population == population)

    def counted_metrics(self, population: str = COHORT) -> tuple[Metric, ...]:
        """The rates of `population` the generic branch counts from person flags."""
        return tuple(m for m in self.of_population(population) if m.counted)

    def person_flags(self, population: str = COHORT) -> tuple[str, ...]:
        """The person flags some counted rate of `population` uses, each once."""
        flags = [f for m in self.counted_metrics(population) for f in (m.numerator, m.denominator)]
        return tuple(dict.fromkeys(f for f in flags if f != ALL_PERSONS))

    def pooled_three(self) -> tuple[str, ...]:
        """The metrics with three-cohort rows."""
        return tuple(m.name for m in self.metrics if m.pooled_three)

    def summary_columns_of(self, layer: str) -> tuple[SummaryColumn, ...]:
        """The wide summaries' columns after cohort_year, in order, for `marts` or `public`."""
        return tuple(c for c in self.summary_columns if layer == "public" or not c.public_only)


def _rate(name, label_zh, label_en, description, numerator, denominator, **rules) -> Metric:
    return Metric(name, RATE, label_zh, label_en, description, numerator, denominator, **rules)


METRICS = (
    Metric("cohort_size", COUNT, "入选学生数", "Students selected",
           "n(Y): persons whose cohort year is Y."),
    _rate("completion_rate", "结业率", "Completion rate",
          "Persons with an accepted 结业 assessment 优秀 or 合格 / n(Y); only for cohorts "
          "with assessment data.", "completed", ALL_PERSONS, needs_assessment=True),
    _rate("excellence_rate", "优秀率", "Excellence rate",
          "Persons with a 结业 assessment 优秀 / n(Y); only for cohorts with assessment data.",
          "excellent", ALL_PERSONS, needs_assessment=True),
    _rate("withdrawal_rate", "退出率", "Withdrawal rate",
          "Persons with an assessment result 退出 / n(Y); only for cohorts with assessment "
          "data.", "withdrew", ALL_PERSONS, needs_assessment=True),
    Metric("training_hours_mean", MEAN, "人均培养学时", "Mean training hours",
           "Mean of the persons' accepted training hours (0 without training)."),
    Metric("training_hours_median", MEDIAN, "培养学时中位数", "Median training hours",
           "Median of the persons' accepted training hours (0 without training)."),
    _rate("ever_reached", "曾跟踪到的比例", "Ever reached by follow-up",
          "Persons with at least one follow-up response / n(Y); only for cohorts with Y < H "
          "(a cohort whose first follow-up year has not come yet has no value, not 0).",
          "reached", ALL_PERSONS, observed_years=1),
    Metric("followup_coverage", RATE, "跟踪覆盖率", "Follow-up coverage",
           "Persons of cohort Y who responded in survey year S / n(Y), horizon S − Y.",
           horizon=SURVEY_HORIZON),
    Metric("topnotch_rate", RATE, "拔尖计划入选率", "Top-Notch selection rate",
           "Persons with a 拔尖计划 event within h years (t ≤ h) / n(Y), non-responders "
           "counted as no event (a lower bound); only for cohorts with Y + h ≤ H.",
           horizon=FIXED_HORIZONS, pooled_three=True),
    Metric("topnotch_km", KAPLAN_MEIER, "拔尖计划累计入选率（K–M）", "Top-Notch cumulative incidence (K–M)",
           "Kaplan–Meier cumulative incidence F(h) of 拔尖计划 selection, all cohorts pooled; "
           "with no event up to h the interval is [0, 1 − 0.025^(1/n_h)], n_h at risk at h.",
           horizon=FIXED_HORIZONS),
    _rate("basic_major_rate", "基础学科专业比例", "Basic-discipline major rate",
          "Among persons who entered university and whose latest major has a known "
          "category, the share in a 基础学科 major; only for cohorts with Y < H (a cohort no "
          "survey has reached yet is not observable).", "basic_major", "known_major", observed_years=1),
    _rate("basic_major_unknown", "专业类别未知比例", "Share of majors of unknown category",
          "Among persons who entered university with a major, the share whose latest major "
          "has no known category (excluded from basic_major_rate); only for cohorts with Y < H.",
          "unknown_major", "with_major", observed_years=1),
    _rate("qiangji_rate", "强基计划录取比例", "Strengthening Basic Disciplines Plan rate",
          "Among persons who entered university, the share admitted through the 强基计划; only "
          "for cohorts with Y < H (a cohort no survey has reached yet is not observable).",
          "qiangji", "entered_university", observed_years=1, pooled_three=True),
    _rate("graduate_rate", "研究生在读比例", "Graduate-study rate",
          "Persons with a response 研究生在读 / n(Y); only for cohorts with Y + 6 ≤ H.",
          "graduate_study", ALL_PERSONS, observed_years=6, pooled_three=True),
    # --- selection (applicants): cohort_year = the application year Y ---
    Metric("applicants", COUNT, "申请人数", "Applicants",
           "Persons who applied in year Y (accepted applicant rows, a person once per year); "
           "grouped by the applicant's own latest row of Y.",
           groupings=APPLICANT_GROUP_TYPES, population=APPLICANTS),
    _rate("selection_rate", "入选率", "Selection rate",
          "Applicants of Y marked selected (是否入选) / applicants of Y.",
          "selected", ALL_PERSONS, groupings=APPLICANT_GROUP_TYPES, population=APPLICANTS),
    Metric("selection_score_median", MEDIAN, "申请者选拔成绩中位数", "Median selection score of applicants",
           "Median selection score (学科潜质测试) of the applicants of Y with a score; the "
           "denominator counts them.", groupings=APPLICANT_GROUP_TYPES, population=APPLICANTS),
    Metric("selected_score_median", MEDIAN, "入选者选拔成绩中位数", "Median selection score of the selected",
           "Median selection score of the selected applicants of Y with a score; the "
           "denominator counts them.", groupings=APPLICANT_GROUP_TYPES, population=APPLICANTS),
    _rate("selected_in_cohort_rate", "入选者见于学员名单的比例", "Selected applicants found in the cohort",
          "Selected applicants of Y with an accepted cohort row (学员名单) of Y / selected "
          "applicants of Y: whether the two sources agree.",
          "selected_in_cohort", "selected", groupings=APPLICANT_GROUP_TYPES, population=APPLICANTS),
    Metric("selection_cutoff", SCORE, "选拔分数线（估计）", "Selection cut-off (estimated)",
           "The score c that best separates the selected from the others in (Y, discipline): "
           "the fewest applicants with (score ≥ c) ≠ selected, c among the scores that occur, "
           "the lowest on a tie; the denominator counts the applicants with a score. Per year "
           "and discipline only; internal only.",
           groupings=CUTOFF_GROUP_TYPES, population=APPLICANTS, published=False),
    Metric("selected_score_min", SCORE, "入选者最低选拔成绩", "Lowest selection score of the selected",
           "The lowest selection score among the selected applicants of (Y, discipline); below "
           "the cut-off whenever the committee selected one applicant below the line. Per year "
           "and discipline only; internal only (one student's score).",
           groupings=CUTOFF_GROUP_TYPES, population=APPLICANTS, published=False),
)

_H = SUMMARY_TOPNOTCH_HORIZON  # the H of the texts below is the data horizon
SUMMARY_COLUMNS = (
    SummaryColumn("students", "cohort_size", VALUE, "BIGINT",
                  "Cohort size n(Y): persons whose cohort year is Y."),
    SummaryColumn("students_display", "cohort_size", VALUE_DISPLAY, "VARCHAR",
                  "students as shown to readers: the number, or <k (<5 by default) for 1 … k − 1, "
                  "* when hidden to protect another cell.", public_only=True),
    SummaryColumn("assessment_data", "completion_rate", DEFINED, "BOOLEAN",
                  "Whether assessment data for year Y exists; when false the completion, excellence "
                  "and withdrawal columns are NULL (in progress)."),
    SummaryColumn("completed", "completion_rate", NUMERATOR, "BIGINT",
                  "Persons with a 结业 assessment 优秀 or 合格."),
    SummaryColumn("completion_rate", "completion_rate", VALUE, "DOUBLE", "completed / students."),
    SummaryColumn("excellent", "excellence_rate", NUMERATOR, "BIGINT", "Persons with a 结业 assessment 优秀."),
    SummaryColumn("excellence_rate", "excellence_rate", VALUE, "DOUBLE", "excellent / students."),
    SummaryColumn("withdrew", "withdrawal_rate", NUMERATOR, "BIGINT", "Persons with an assessment result 退出."),
    SummaryColumn("withdrawal_rate", "withdrawal_rate", VALUE, "DOUBLE", "withdrew / students."),
    SummaryColumn("training_hours_mean", "training_hours_mean", VALUE, "DOUBLE",
                  "Mean of the persons' accepted training hours (0 for a person without training rows)."),
    SummaryColumn("training_hours_median", "training_hours_median", VALUE, "DOUBLE",
                  "Median of the persons' training hours."),
    SummaryColumn("reached", "ever_reached", NUMERATOR, "BIGINT",
                  "Persons with at least one follow-up response; NULL when Y ≥ H (no follow-up year yet)."),
    SummaryColumn("ever_reached_rate", "ever_reached", VALUE, "DOUBLE",
                  "reached / students; NULL when Y ≥ H (no follow-up year yet)."),
    SummaryColumn("years_of_followup", None, YEARS_OF_FOLLOWUP, "INTEGER",
                  "H − Y: years between selection and the latest survey year H (NULL before any survey)."),
    SummaryColumn("followup_coverage_latest", "followup_coverage", VALUE, "DOUBLE",
                  "Share of the cohort that responded in the latest survey year H (NULL when H ≤ Y).",
                  at=AT_LATEST_SURVEY),
    SummaryColumn(f"topnotch_events_{_H}y", "topnotch_rate", NUMERATOR, "BIGINT",
                  f"Persons selected into a 拔尖计划 base within {_H} years (t ≤ {_H}); NULL when Y + {_H} > H.",
                  at=AT_SUMMARY_HORIZON),
    SummaryColumn(f"topnotch_rate_{_H}y", "topnotch_rate", VALUE, "DOUBLE",
                  f"Fixed-horizon Top-Notch rate at h = {_H}: topnotch_events_{_H}y / students, non-responders "
                  f"counted as no event (a lower bound); NULL when Y + {_H} > H.", at=AT_SUMMARY_HORIZON),
    SummaryColumn(f"topnotch_rate_{_H}y_ci_low", "topnotch_rate", CI_LOW, "DOUBLE",
                  "Lower end of its 95% Wilson interval.", at=AT_SUMMARY_HORIZON),
    SummaryColumn(f"topnotch_rate_{_H}y_ci_high", "topnotch_rate", CI_HIGH, "DOUBLE",
                  "Upper end of its 95% Wilson interval.", at=AT_SUMMARY_HORIZON),
    SummaryColumn("entered_university", "qiangji_rate", DENOMINATOR, "BIGINT",
                  "Persons who entered university (latest status 本科在读/研究生在读/已就业, or any "
                  "response 本科在读/研究生在读)."),
    SummaryColumn("basic_major_rate", "basic_major_rate", VALUE, "DOUBLE",
                  "Among those who entered university and whose latest major has a known category, "
                  "the share in a 基础学科 major."),
    SummaryColumn("basic_major_unknown", "basic_major_unknown", NUMERATOR, "BIGINT",
                  "Persons who entered university whose latest major has no known category (excluded "
                  "from basic_major_rate)."),
    SummaryColumn("qiangji_rate", "qiangji_rate", VALUE, "DOUBLE",
                  "Among those who entered university, the share admitted through the 强基计划."),
    SummaryColumn("graduate_rate", "graduate_rate", VALUE, "DOUBLE",
                  "Share of the cohort with a response 研究生在读; NULL when Y + 6 > H."),
    SummaryColumn("suppressed", None, SUPPRESSED, "BOOLEAN",
                  "True when any figure of the row is hidden by small-cell suppression.", public_only=True),
)

REGISTRY = MetricRegistry(METRICS, SUMMARY_COLUMNS)
