"""The statistics of metrics.md, vectorised over many groups at once.

- `wilson_interval`: the Wilson score interval of a share, exactly as statsmodels'
  `proportion_confint(method="wilson")` computes it (statsmodels is a development
  dependency only; tests/test_metrics_statistics.py shows the two agree).
- `kaplan_meier_incidence`: the Kaplan–Meier cumulative incidence F(h) = 1 − S(h) on a
  yearly time scale with Greenwood's variance and the log(−log) interval, as lifelines'
  KaplanMeierFitter reports it (`cumulative_density_` and
  `confidence_interval_cumulative_density_`); also checked against lifelines in the tests.
  Where no event happened up to h that interval is [0, 0]; metrics.md replaces it by
  [0, 1 − (α/2)^(1/n_h)] (α = 0.05: [0, 1 − 0.025^(1/n_h)]), n_h at risk at h.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np


def _critical_value(confidence: float) -> float:
    # The standard library's normal quantile (Wichura's AS241, ~1e-16 relative): the
    # same z as scipy.stats.norm.isf without importing scipy (over a second at start-up).
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(
    successes: np.ndarray, trials: np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the Wilson score interval for `successes` out of `trials`, element
    by element, clipped to [0, 1]; NaN where trials is 0 or missing."""
    count = np.asarray(successes, dtype=float)
    nobs = np.asarray(trials, dtype=float)
    crit = _critical_value(confidence)
    crit2 = crit**2
    with np.errstate(divide="ignore", invalid="ignore"):
        share = count / nobs
        denom = 1 + crit2 / nobs
        center = (share + crit2 / (2 * nobs)) / denom
        dist = crit * np.sqrt(share * (1.0 - share) / nobs + crit2 / (4.0 * nobs**2))
        dist /= denom
    undefined = ~(nobs > 0)
    low = np.where(undefined, np.nan, np.clip(center - dist, 0, 1))
    high = np.where(undefined, np.nan, np.clip(center + dist, 0, 1))
    return low, high


@dataclass(frozen=True)
class CumulativeIncidence:
    """Arrays of shape (groups, horizons)."""

    estimate: np.ndarray  # F(h) = 1 − S(h); NaN where nobody is at risk at h
    ci_low: np.ndarray
    ci_high: np.ndarray
    at_risk: np.ndarray  # persons whose time (event or censoring) is ≥ h
    events: np.ndarray  # events at times ≤ h


def kaplan_meier_incidence(
    events: np.ndarray,
    censored: np.ndarray,
    horizons: np.ndarray | list[int] | tuple[int, ...],
    confidence: float = 0.95,
) -> CumulativeIncidence:
    """Kaplan–Meier cumulative incidence at integer `horizons` for every group at once.

    `events[g, u]` and `censored[g, u]` count group g's persons with an event, or censored,
    at yearly time u = 0, 1, …, U − 1; a censoring at u is removed after the events at u.
    The last column may hold every time ≥ U − 1 when U − 1 exceeds every horizon (it then
    only keeps those persons at risk). F(h) is reported where somebody is at risk at h
    (h ≤ the group's longest observed time) and NaN beyond.
    """
    d = np.asarray(events, dtype=float)
    c = np.asarray(censored, dtype=float)
    h = np.asarray(horizons, dtype=int)
    if d.ndim != 2 or d.shape != c.shape:
        raise ValueError("events and censored must be arrays of the same shape (groups, times)")
    if h.size and (h.min() < 0 or h.max() >= d.shape[1]):
        raise ValueError(f"horizons must lie in 0 … {d.shape[1] - 1}")

    leaving = d + c
    at_risk = leaving.sum(axis=1, keepdims=True) - (np.cumsum(leaving, axis=1) - leaving)
    with np.errstate(divide="ignore", invalid="ignore"):
        # log(1 − d/n), as lifelines sums it: −inf once everybody at risk has the event.
        log_factor = np.where(at_risk > 0, np.log(at_risk - d) - np.log(at_risk), 0.0)
        # Greenwood's term d / (n (n − d)); 0 where n = d (lifelines replaces inf by 0).
        greenwood = np.where(at_risk > d, d / (at_risk * (at_risk - d)), 0.0)
    log_survival = np.cumsum(log_factor, axis=1)[:, h]
    variance = np.cumsum(greenwood, axis=1)[:, h]

    survival = np.exp(log_survival)
    z = _critical_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.log(survival)
        spread = z * np.sqrt(variance) / v
        lower_survival = np.exp(-np.exp(np.log(-v) - spread))
        upper_survival = np.exp(-np.exp(np.log(-v) + spread))
    # S = 1 (no event yet) gives 0/0: lifelines reports the interval [1, 1] there.
    lower_survival = np.where(np.isnan(lower_survival), 1.0, lower_survival)
    upper_survival = np.where(np.isnan(upper_survival), 1.0, upper_survival)

    risk_at_h = at_risk[:, h]
    observed = risk_at_h > 0
    events_by_h = np.cumsum(d, axis=1)[:, h]
    # No event up to h: Greenwood's interval degenerates to [0, 0] (metrics.md); report
    # the exact one-sided bound for zero events out of the n_h at risk instead.
    # Rounded: 1 − 0.95 is 0.05000000000000004 in binary, and the bound should be the
    # 1 − 0.025^(1/n_h) of metrics.md to the last digit.
    tail = round((1 - confidence) / 2, 12)
    with np.errstate(divide="ignore"):
        zero_event_high = 1.0 - tail ** (1.0 / risk_at_h)
    ci_high = np.where(events_by_h == 0, zero_event_high, 1.0 - lower_survival)
    return CumulativeIncidence(
        estimate=np.where(observed, 1.0 - survival, np.nan),
        ci_low=np.where(observed, 1.0 - upper_survival, np.nan),
        ci_high=np.where(observed, ci_high, np.nan),
        at_risk=risk_at_h.astype(np.int64),
        events=events_by_h.astype(np.int64),
    )


def life_table(
    group_index: np.ndarray,
    time: np.ndarray,
    events: np.ndarray,
    censored: np.ndarray,
    groups: int,
    last_time: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Dense (groups, last_time + 2) arrays of event and censoring counts from long rows
    (group index, time, events, censored); times beyond `last_time` share the last column,
    where they only keep their persons at risk up to `last_time`."""
    time = np.asarray(time, dtype=int)
    if time.size and time.min() < 0:
        raise ValueError("a time before the cohort year: t and c are never negative")
    column = np.minimum(time, last_time + 1)
    dense_events = np.zeros((groups, last_time + 2))
    dense_censored = np.zeros((groups, last_time + 2))
    np.add.at(dense_events, (group_index, column), events)
    np.add.at(dense_censored, (group_index, column), censored)
    return dense_events, dense_censored
