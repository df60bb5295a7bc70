"""Every outcome metric of marts.metric_values, declared once (metrics.md).

A `Metric` says what the metric is: its stable name, its kind (a rate with a Wilson
interval, a count, a mean, a median, a Kaplan–Meier curve), how its rows are counted,
its horizon and defined-ness rules, the groups it is reported by, its labels in Chinese
and English and its description. `SUMMARY_COLUMNS` says which figures the wide summaries
(marts and public cohort_summary, province_year_summary) show, in their column order.

Everything else is derived from here: the metric list and order of marts.metric_values
and which rows get a Wilson interval (pipelines/metrics), the rate rows counted from the
person flags (sql/marts/metric_values/counts.sql joins `counted_metrics()`), the wide
summaries' columns for both layers (pipelines/metrics/summaries.py), the column
descriptions of those tables (assets/marts.py) and the pages' metric labels
(dashboards/labels.py). Plain data: the pipeline and the presentation both import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.registry.editions import (
    HORIZON_NOT_REACHED,
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
KINDS = (RATE, COUNT, MEAN, MEDIAN, KAPLAN_MEIER)

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
    Y + n ≤ H. Otherwise the row is there with NULL figures ("in progress")."""

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

    @property
    def counted(self) -> bool:
        """Whether the generic rate branch counts it from two person flags."""
        return self.numerator is not None and self.denominator is not None

    @property
    def undefined_reason(self) -> Reason:
        """Why a row of this metric has no value, in words for the pages: the rule that
        makes it undefined."""
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

    def counted_metrics(self) -> tuple[Metric, ...]:
        """The rates the generic branch counts from person flags."""
        return tuple(m for m in self.metrics if m.counted)

    def person_flags(self) -> tuple[str, ...]:
        """The person flags some counted rate uses, each once."""
        flags = [f for m in self.counted_metrics() for f in (m.numerator, m.denominator)]
        return tuple(dict.fromkeys(f for f in flags if f != ALL_PERSONS))

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
           horizon=FIXED_HORIZONS),
    Metric("topnotch_km", KAPLAN_MEIER, "拔尖计划累计入选率（K–M）", "Top-Notch cumulative incidence (K–M)",
           "Kaplan–Meier cumulative incidence F(h) of 拔尖计划 selection, all cohorts pooled; "
           "with no event up to h the interval is [0, 1 − 0.025^(1/n_h)], n_h at risk at h.",
           horizon=FIXED_HORIZONS),
    _rate("basic_major_rate", "基础学科专业比例", "Basic-discipline major rate",
          "Among persons who entered university and whose latest major has a known "
          "category, the share in a 基础学科 major.", "basic_major", "known_major"),
    _rate("basic_major_unknown", "专业类别未知比例", "Share of majors of unknown category",
          "Among persons who entered university with a major, the share whose latest major "
          "has no known category (excluded from basic_major_rate).", "unknown_major", "with_major"),
    _rate("qiangji_rate", "强基计划录取比例", "Strengthening Basic Disciplines Plan rate",
          "Among persons who entered university, the share admitted through the 强基计划.",
          "qiangji", "entered_university"),
    _rate("graduate_rate", "研究生在读比例", "Graduate-study rate",
          "Persons with a response 研究生在读 / n(Y); only for cohorts with Y + 6 ≤ H.",
          "graduate_study", ALL_PERSONS, observed_years=6),
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
