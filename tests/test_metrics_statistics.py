"""The statistics of metrics.md equal the reference implementations: the Kaplan–Meier
cumulative incidence and its Greenwood log(−log) interval equal lifelines'
KaplanMeierFitter, and the Wilson interval equals statsmodels' proportion_confint."""

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from scipy.stats import beta
from statsmodels.stats.proportion import proportion_confint

from pipelines.metrics.names import TOPNOTCH_HORIZONS
from pipelines.metrics.statistics import kaplan_meier_incidence, life_table, wilson_interval

HORIZONS = np.asarray(TOPNOTCH_HORIZONS)
TOLERANCE = 1e-9


def lifelines_incidence(durations, observed, horizons):
    """F(h) and its interval as lifelines reports them, at every h of `horizons`."""
    fitter = KaplanMeierFitter().fit(durations, observed, timeline=np.arange(0, horizons.max() + 1))
    estimate = fitter.cumulative_density_.iloc[:, 0].loc[horizons].to_numpy()
    interval = fitter.confidence_interval_cumulative_density_.loc[horizons].to_numpy()
    return estimate, interval[:, 0], interval[:, 1]


def ours(groups):
    """Our estimate for several groups at once, through the same long-to-dense step the
    pipeline uses: groups = [(durations, observed), …]."""
    index, time, events, censored = [], [], [], []
    for g, (durations, observed) in enumerate(groups):
        for t, e in zip(durations, observed, strict=True):
            index.append(g)
            time.append(t)
            events.append(int(e))
            censored.append(1 - int(e))
    dense_events, dense_censored = life_table(
        np.array(index), np.array(time), np.array(events), np.array(censored),
        groups=len(groups), last_time=int(HORIZONS.max()),
    )
    return kaplan_meier_incidence(dense_events, dense_censored, HORIZONS)


def generated_groups(seed=20240601, count=40):
    """Groups of 1 … 400 persons with yearly times 0 … 12 (many ties of events and
    censorings at one time) and event shares from none to all."""
    rng = np.random.default_rng(seed)
    groups = []
    for g in range(count):
        size = int(rng.integers(1, 400)) if g > 3 else [1, 2, 5, 30][g]
        durations = rng.integers(0, 13, size)
        share = rng.choice([0.0, 0.05, 0.3, 0.7, 1.0])
        observed = rng.random(size) < share
        groups.append((durations, observed))
    return groups


def assert_equal_to_lifelines(groups):
    result = ours(groups)
    for g, (durations, observed) in enumerate(groups):
        at_risk = np.array([(durations >= h).sum() for h in HORIZONS])
        assert result.at_risk[g].tolist() == at_risk.tolist()
        assert result.events[g].tolist() == [int((observed & (durations <= h)).sum()) for h in HORIZONS]
        estimate, low, high = lifelines_incidence(durations, observed, HORIZONS)
        seen = at_risk > 0
        np.testing.assert_allclose(result.estimate[g][seen], estimate[seen], rtol=0, atol=TOLERANCE)
        np.testing.assert_allclose(result.ci_low[g][seen], low[seen], rtol=0, atol=TOLERANCE)
        # Where no event happened up to h lifelines' interval is [0, 0]; metrics.md takes
        # the exact one-sided bound for zero events there: the Clopper–Pearson upper end
        # for 0 of n_h, the 0.975 quantile of Beta(1, n_h).
        any_event = result.events[g] > 0
        np.testing.assert_allclose(result.ci_high[g][seen & any_event], high[seen & any_event], rtol=0, atol=TOLERANCE)
        none = seen & ~any_event
        np.testing.assert_allclose(result.ci_high[g][none], beta.ppf(0.975, 1, at_risk[none]), rtol=0, atol=TOLERANCE)
        # Beyond the longest observed time nobody is at risk: not estimated.
        assert np.isnan(result.estimate[g][~seen]).all()
        assert np.isnan(result.ci_low[g][~seen]).all() and np.isnan(result.ci_high[g][~seen]).all()


def test_kaplan_meier_equals_lifelines_on_generated_groups():
    assert_equal_to_lifelines(generated_groups())


def test_kaplan_meier_counts_a_censoring_at_t_after_the_events_at_t():
    # t = 1: 1 event among 10. t = 2: 2 events and 3 censorings among the 9 left; the
    # censored still count at risk for the events at 2: S(2) = (1 − 1/10)(1 − 2/9) = 0.7,
    # not (1 − 1/10)(1 − 2/6).
    durations = np.array([1, 2, 2, 2, 2, 2, 3, 3, 4, 5])
    observed = np.array([1, 1, 1, 0, 0, 0, 1, 0, 0, 0], dtype=bool)
    result = ours([(durations, observed)])
    assert result.estimate[0][1] == pytest.approx(1 - 0.7, abs=1e-15)
    assert_equal_to_lifelines([(durations, observed)])


def test_kaplan_meier_edge_cases_equal_lifelines():
    cases = [
        (np.array([0, 0, 1, 3]), np.array([True, False, True, False])),  # events and censoring at 0
        (np.array([1, 1, 1]), np.array([True, True, True])),  # everybody has the event: S = 0
        (np.array([2, 3, 5, 8]), np.zeros(4, dtype=bool)),  # no event: F = 0, interval [0, 1 − 0.025^(1/n_h)]
        (np.array([0]), np.array([False])),  # one person censored at 0: nothing at risk at 1
        (np.array([9, 12, 12]), np.array([True, True, False])),  # every time beyond the horizons
        (np.array([1, 2, 2, 8, 8]), np.array([False, True, False, True, True])),  # all at risk at 8 die
    ]
    assert_equal_to_lifelines(cases)
    result = ours(cases)
    assert result.estimate[2].tolist() == [0.0] * 8
    assert result.ci_low[2].tolist() == [0.0] * 8
    # at risk at h = 1 … 8: 4, 4, 3, 2, 2, 1, 1, 1
    assert result.ci_high[2].tolist() == [1 - 0.025 ** (1 / n) for n in (4, 4, 3, 2, 2, 1, 1, 1)]
    assert result.estimate[1][0] == 1.0
    assert result.estimate[4].tolist() == [0.0] * 8  # events at 9 and 12 lie beyond h = 8


def test_kaplan_meier_interval_without_events_is_the_exact_zero_event_bound():
    # Ten persons, none with an event, all observed beyond h = 8: n_h = 10 at every h, and
    # the interval of F(h) = 0 is [0, 1 − 0.025^(1/10)] = [0, 0.30850 …], never [0, 0].
    result = ours([(np.full(10, 12), np.zeros(10, dtype=bool))])
    assert result.at_risk[0].tolist() == [10] * 8
    assert result.estimate[0].tolist() == [0.0] * 8
    assert result.ci_low[0].tolist() == [0.0] * 8
    assert result.ci_high[0].tolist() == [1 - 0.025 ** (1 / 10)] * 8
    assert result.ci_high[0][0] == pytest.approx(0.3084971, abs=1e-7)


def test_kaplan_meier_rejects_negative_times():
    with pytest.raises(ValueError, match="never negative"):
        life_table(np.array([0]), np.array([-1]), np.array([1]), np.array([0]), groups=1, last_time=8)


def test_wilson_equals_statsmodels_including_none_and_all_successes():
    rng = np.random.default_rng(7)
    trials = np.concatenate([np.arange(1, 60), rng.integers(1, 100_000, 500)])
    successes = np.concatenate([
        np.zeros(20, dtype=int), trials[20:40], rng.integers(0, trials[40:] + 1),
    ])
    assert (successes == 0).any() and (successes == trials).any()
    low, high = wilson_interval(successes, trials)
    expected_low, expected_high = proportion_confint(successes, trials, alpha=0.05, method="wilson")
    np.testing.assert_allclose(low, expected_low, rtol=0, atol=1e-12)
    np.testing.assert_allclose(high, expected_high, rtol=0, atol=1e-12)
    for count, n in [(0, 1), (1, 1), (0, 250), (250, 250), (3, 7)]:
        (one_low,), (one_high,) = wilson_interval(np.array([count]), np.array([n]))
        assert (one_low, one_high) == pytest.approx(
            proportion_confint(count, n, alpha=0.05, method="wilson"), abs=1e-12
        )


def test_wilson_is_undefined_without_trials():
    low, high = wilson_interval(np.array([0, np.nan, 1]), np.array([0, np.nan, 2]))
    assert np.isnan(low[:2]).all() and np.isnan(high[:2]).all()
    assert not np.isnan(low[2])
