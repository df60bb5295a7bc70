"""Assembling marts.metric_values: DuckDB counts every metric per group and cohort
(sql/marts/metric_values/*.sql); Python adds what SQL does not do well — the Wilson
intervals of the rates and the Kaplan–Meier curves, both over whole columns at once.

Row conventions (metrics.md leaves them open; the asset's description repeats them):

- every group of a fixed list (national, the 32 reporting units, disciplines, genders,
  grades, mentor titles) has rows for every cohort year, also without students
  (cohort_size 0, rates with denominator 0 and NULL value); universities appear once
  they are the cohort university of somebody. Persons with an unknown university or
  mentor title count only in the other groups.
- a metric not defined for a cohort (completion, excellence and withdrawal without
  assessment data for Y — "in progress"; topnotch_rate with Y + h > H; graduate_rate with
  Y + 6 > H; ever_reached and the university destinations (basic_major_rate, basic_major_unknown,
  qiangji_rate) with Y ≥ H) has its row, with NULL numerator, denominator, value and interval.
- followup_coverage has horizons S − Y = 1 … H − Y per cohort (pooled: every horizon some
  cohort reaches); topnotch_rate and topnotch_km have h = 1 … 8.
- three-cohort rows (cohorts_pooled 3) of the registry's `pooled_three` rates, national
  and province: the sums over the last three cohorts at which the metric (at that
  horizon) is defined, cohort_year = the latest; none with fewer than three.
- selection metrics (population APPLICANTS): cohort_year = the application year; rows for
  every cohort year or application year, NULL figures for a year without applicants data;
  the fixed groups of their groupings with or without applicants; pooled rows over the
  application years. selection_cutoff and selected_score_min: per year and discipline,
  denominator = the applicants with a score, no pooled row.
- topnotch_km: numerator = events with t ≤ h, denominator = persons still at risk at h
  (time ≥ h); NULL value and interval where nobody is at risk at h; with no event up to
  h the interval is [0, 1 − 0.025^(1/n_h)] (statistics.kaplan_meier_incidence).
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from pipelines.metrics.names import FIXED_GROUP_VALUES
from pipelines.metrics.statistics import kaplan_meier_incidence, life_table, wilson_interval
from pipelines.registry.metrics import (
    APPLICANTS,
    CONFIDENCE,
    CUTOFF_GROUP_TYPES,
    GROUP_TYPES,
    KAPLAN_MEIER,
    NATIONAL,
    RATE,
    REGISTRY,
    SURVEY_HORIZON,
    THREE_COHORT_GROUP_TYPES,
    THREE_COHORTS,
    TOPNOTCH_HORIZONS,
    MetricRegistry,
)
from pipelines.warehouse import registered, run_sql

ROW_SCHEMA = {
    "metric": pl.String,
    "cohort_year": pl.Int32,
    "group_type": pl.String,
    "group_value": pl.String,
    "horizon": pl.Int32,
    "cohorts_pooled": pl.Int32,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
}


class MetricsDisagree(ValueError):
    """The SQL and the metric registry do not give the same metrics."""


def build_metric_values(con: duckdb.DuckDBPyConnection, registry: MetricRegistry = REGISTRY) -> int:
    """(Re)create marts.metric_values from the core layer with the metrics of `registry`;
    returns its row count."""
    run_sql(con, "marts/metric_values/persons", {"national": NATIONAL})
    fixed = [(t, v) for t, values in FIXED_GROUP_VALUES.items() for v in values]
    run_sql(con, "marts/metric_values/groups", {
        "fixed_types": [t for t, _ in fixed],
        "fixed_values": [v for _, v in fixed],
        "group_types": list(GROUP_TYPES),
    })
    counts = cohort_metric_counts(con, registry)
    applications = application_metric_counts(con, registry)
    groups = con.sql("SELECT group_type, group_value FROM metric_groups ORDER BY group_rank").pl()
    life = run_sql(con, "marts/metric_values/km_table").pl()

    (km_metric,) = registry.of_kind(KAPLAN_MEIER)
    rows = pl.concat([
        with_wilson_intervals(pl.concat([counts, applications], how="vertical_relaxed"), registry.of_kind(RATE)),
        kaplan_meier_rows(km_metric, groups, life),
    ])
    (cohorts,) = con.execute("SELECT count(*) FROM metric_cohorts").fetchone()
    check_metrics_agree(registry, set(rows["metric"].unique()), has_cohorts=cohorts > 0)
    with registered(con, "metric_rows", rows):
        run_sql(con, "marts/metric_values", {"metrics": list(registry.names())})
    (count,) = con.execute("SELECT count(*) FROM marts.metric_values").fetchone()
    return count


def _check_flags_counted(con: duckdb.DuckDBPyConnection, table: str, flags: list[str], persons: str) -> None:
    counted_columns = {c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
    ).fetchall()}
    if missing := [f for f in flags if f not in counted_columns]:
        raise MetricsDisagree(f"flags the registry counts but {persons} lacks: {missing}")


def cohort_metric_counts(con: duckdb.DuckDBPyConnection, registry: MetricRegistry) -> pl.DataFrame:
    """The rows of the cohort metrics but topnotch_km, before intervals (counts.sql),
    three-cohort rows included."""
    flags = list(registry.person_flags())
    run_sql(con, "marts/metric_values/cohort_counts", {"person_flags": flags})
    _check_flags_counted(con, "metric_counts", flags, "metric_persons")
    rates = registry.counted_metrics()
    return run_sql(con, "marts/metric_values/counts", {
        "topnotch_horizons": list(TOPNOTCH_HORIZONS),
        "counted_metrics": [m.name for m in rates],
        "numerators": [m.numerator for m in rates],
        "denominators": [m.denominator for m in rates],
        "needs_assessment": [m.needs_assessment for m in rates],
        "observed_years": [m.observed_years for m in rates],
        "pooled_three": list(registry.pooled_three()),
        "three_cohorts": THREE_COHORTS,
        "three_cohort_group_types": list(THREE_COHORT_GROUP_TYPES),
    }).pl()


def application_metric_counts(con: duckdb.DuckDBPyConnection, registry: MetricRegistry) -> pl.DataFrame:
    """The rows of the selection (applicant) metrics, before intervals
    (application_rows.sql), by application year."""
    applicant_metrics = registry.of_population(APPLICANTS)
    group_types = sorted({g for m in applicant_metrics for g in m.groupings})
    flags = list(registry.person_flags(APPLICANTS))
    run_sql(con, "marts/metric_values/applications", {"national": NATIONAL})
    run_sql(con, "marts/metric_values/application_counts", {
        "group_types": group_types, "applicant_flags": flags,
    })
    _check_flags_counted(con, "metric_application_counts", flags, "metric_applications")
    rates = registry.counted_metrics(APPLICANTS)
    return run_sql(con, "marts/metric_values/application_rows", {
        "counted_metrics": [m.name for m in rates],
        "numerators": [m.numerator for m in rates],
        "denominators": [m.denominator for m in rates],
        "cutoff_group_types": list(CUTOFF_GROUP_TYPES),
    }).pl()


def check_metrics_agree(registry: MetricRegistry, made: set[str], has_cohorts: bool) -> None:
    """Fail when the SQL makes a metric the registry does not declare, or, once there are
    cohorts, when a declared metric has no rows (its branch is missing). Coverage by survey
    year is exempt: it has no rows until a survey year follows a cohort year."""
    declared = set(registry.names())
    expected = {m.name for m in registry.metrics if m.horizon != SURVEY_HORIZON} if has_cohorts else set()
    if made - declared or expected - made:
        raise MetricsDisagree(
            f"metrics the SQL makes but the registry lacks: {sorted(made - declared)}; "
            f"registered but not made: {sorted(expected - made)}"
        )


def _nan_to_null(values: np.ndarray, name: str) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Float64).fill_nan(None)


def with_wilson_intervals(counts: pl.DataFrame, rate_metrics: tuple[str, ...]) -> pl.DataFrame:
    """`counts` (metric, cohort_year, group_type, group_value, horizon, numerator,
    denominator, value) with ci_low and ci_high: the 95% Wilson interval of every rate
    (a metric of `rate_metrics`) whose value is given, NULL elsewhere."""
    counts = counts.cast({k: v for k, v in ROW_SCHEMA.items() if k in counts.columns})
    low, high = wilson_interval(
        counts["numerator"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        counts["denominator"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        CONFIDENCE,
    )
    is_rate = (counts["metric"].is_in(list(rate_metrics)) & counts["value"].is_not_null()).to_numpy()
    return counts.with_columns(
        _nan_to_null(np.where(is_rate, low, np.nan), "ci_low"),
        _nan_to_null(np.where(is_rate, high, np.nan), "ci_high"),
    ).select(list(ROW_SCHEMA))


def kaplan_meier_rows(metric: str, groups: pl.DataFrame, life: pl.DataFrame) -> pl.DataFrame:
    """The rows of the Kaplan–Meier metric (topnotch_km; cohort_year NULL) for every group of `groups` and h = 1 … 8 from
    the pooled life table (group_type, group_value, time, events, censored)."""
    horizons = np.asarray(TOPNOTCH_HORIZONS)
    index = groups.with_row_index("group_index")
    table = life.join(index, on=["group_type", "group_value"], how="inner")
    events, censored = life_table(
        table["group_index"].to_numpy(),
        table["time"].to_numpy(),
        table["events"].to_numpy(),
        table["censored"].to_numpy(),
        groups=groups.height,
        last_time=int(horizons.max()),
    )
    km = kaplan_meier_incidence(events, censored, horizons, CONFIDENCE)
    n_groups, n_horizons = groups.height, horizons.size
    return pl.DataFrame({
        "metric": [metric] * (n_groups * n_horizons),
        "cohort_year": pl.Series([None] * (n_groups * n_horizons), dtype=pl.Int32),
        "group_type": np.repeat(groups["group_type"].to_numpy(), n_horizons),
        "group_value": np.repeat(groups["group_value"].to_numpy(), n_horizons),
        "horizon": np.tile(horizons, n_groups).astype(np.int32),
        "cohorts_pooled": pl.Series([None] * (n_groups * n_horizons), dtype=pl.Int32),
        "numerator": km.events.ravel(),
        "denominator": km.at_risk.ravel(),
        "value": _nan_to_null(km.estimate.ravel(), "value"),
        "ci_low": _nan_to_null(km.ci_low.ravel(), "ci_low"),
        "ci_high": _nan_to_null(km.ci_high.ravel(), "ci_high"),
    }, schema=ROW_SCHEMA)
