"""The columns of marts.metric_values and of the wide summaries with their descriptions,
(name, DuckDB type, description), derived from the metric registry: the assets' column
schemas and so the `COMMENT ON` text and the data dictionary."""

from __future__ import annotations

from pipelines.registry.metrics import REGISTRY, MetricRegistry

Column = tuple[str, str, str]


def metric_values_columns(registry: MetricRegistry = REGISTRY) -> tuple[Column, ...]:
    """The columns of marts.metric_values; `metric` lists every registered metric with
    its description."""
    metrics = "; ".join(f"{m.name}: {m.description}" for m in registry.metrics)
    return (
        ("metric", "VARCHAR", f"The metric's stable name (metrics.md). {metrics}"),
        ("cohort_year", "INTEGER",
         "The cohort year Y; for the selection metrics (applicants … selected_score_min) the "
         "application year Y. NULL for the pooled row over all cohorts (application years) for "
         "which the metric is defined (always NULL for topnotch_km); the latest of the three "
         "on a three-cohort row."),
        ("group_type", "VARCHAR",
         "national, province, discipline, gender, grade, university or mentor_title; groups are "
         "formed from the person's cohort attributes (earliest cohort row). The selection "
         "metrics are grouped by the applicant's own latest row of the application year "
         "(national, province, discipline, gender, grade; selection_cutoff and "
         "selected_score_min by discipline only); the three-cohort rows are national and province."),
        ("group_value", "VARCHAR",
         "all (national); the six-digit GB/T 2260 code (province); 数学/物理/化学/生物/计算机; "
         "男/女; 高一/高二; the university_code; the mentor title."),
        ("horizon", "INTEGER",
         "Years after selection: S − Y for followup_coverage (survey year S), h = 1 … 8 for "
         "topnotch_rate and topnotch_km; NULL for the other metrics."),
        ("cohorts_pooled", "INTEGER",
         "How many cohorts the row pools: 1 for a single cohort (cohort_year); 3 for the "
         "three-cohort rows of rare outcomes (cohort_year = the latest of the three); NULL "
         "for the rows over all cohorts (cohort_year NULL)."),
        ("numerator", "BIGINT",
         "Persons counted in the rate (for topnotch_km: events with t ≤ h; for "
         "basic_major_unknown: persons whose latest major has no known category; for "
         "selection_rate: selected applicants; for selected_in_cohort_rate: selected applicants "
         "with an accepted cohort row of the year). NULL for cohort_size, applicants, training "
         "hours, the score metrics, and where the metric is not defined for the cohort."),
        ("denominator", "BIGINT",
         "Persons the rate or average is over (completion etc.: cohort size; basic_major_rate: "
         "entered university with a major of known category; basic_major_unknown: entered "
         "university with a major; qiangji_rate: entered university; topnotch_km: persons "
         "still at risk at h; selection_rate: applicants; selected_in_cohort_rate: selected "
         "applicants; the score medians, selection_cutoff and selected_score_min: the "
         "applicants (selected applicants for selected_score_median) with a score). NULL "
         "where not applicable or not defined (in progress, no applicants data)."),
        ("value", "DOUBLE",
         "The metric: a count (cohort_size, applicants), hours (training_hours_mean/median), a "
         "share (numerator / denominator), the Kaplan–Meier cumulative incidence F(h) or a "
         "selection score (the medians, selection_cutoff, selected_score_min). NULL where not "
         "defined for the cohort (no assessment data, Y + h > H, Y + 6 > H, ever_reached and the "
         "university destinations with Y ≥ H: in progress; no applicants data for the year), where the denominator is 0, "
         "and for topnotch_km where nobody is at risk at h."),
        ("ci_low", "DOUBLE",
         "Lower end of the 95% interval: Wilson for shares, Greenwood with the log(−log) "
         "transform for topnotch_km (where no event happened up to h, the exact one-sided "
         "zero-event interval [0, 1 − 0.025^(1/n_h)], n_h at risk at h); NULL for counts, hours "
         "and scores."),
        ("ci_high", "DOUBLE", "Upper end of the 95% interval (as ci_low)."),
    )


def summary_columns(layer: str, registry: MetricRegistry = REGISTRY) -> tuple[Column, ...]:
    """The columns of cohort_summary in `layer` (marts or public); province_year_summary
    has the unit's code and name before them."""
    return (
        ("cohort_year", "INTEGER", "The cohort year Y (year of selection and training)."),
        *((c.name, c.type, c.description) for c in registry.summary_columns_of(layer)),
    )


PROVINCE_COLUMNS: tuple[Column, ...] = (
    ("province_code", "VARCHAR", "Six-digit GB/T 2260 code of the reporting unit."),
    ("province_name", "VARCHAR", "The unit's name (core.provinces)."),
)
