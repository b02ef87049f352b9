from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _cdf_gap(a, b):
    """Independent model: both empirical CDFs evaluated with searchsorted(right) at every pooled value."""
    a, b = np.sort(np.asarray(a, float)), np.sort(np.asarray(b, float))
    x = np.concatenate([a, b])
    return float(np.max(np.abs(np.searchsorted(a, x, "right") / len(a) - np.searchsorted(b, x, "right") / len(b))))


_MODEL = SimpleNamespace(ks_statistic=_cdf_gap)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=1.0)
def disjoint_samples(m):
    """a = [1, 2, 3], b = [4, 5]"""
    return m.ks_statistic(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0]))


@sample(expected=1 / 3)
def ties_across_samples(m):
    """a = [1, 1, 2], b = [1, 2, 2]"""
    return m.ks_statistic(np.array([1.0, 1.0, 2.0]), np.array([1.0, 2.0, 2.0]))


@sample(expected=0.75)
def b_left_of_a(m):
    """a = [2, 3, 4, 5], b = [1, 2.5]: the largest gap, at x = 2.5, has F_b above F_a"""
    return m.ks_statistic(np.array([2.0, 3.0, 4.0, 5.0]), np.array([1.0, 2.5]))


@hidden(expected=0.0)
def identical_samples(m):
    x = np.array([0.3, -1.2, 0.3, 4.0, 2.2])
    return m.ks_statistic(x, x.copy())


@_expected_from_model(hidden)
def single_points(m):
    return [m.ks_statistic(np.array([0.0]), np.array([0.0])),
            m.ks_statistic(np.array([0.0]), np.array([1.0])),
            m.ks_statistic(np.array([3.0]), np.array([1.0, 3.0, 5.0]))]


@_expected_from_model(hidden)
def shifted_left_random(m):
    """b is drawn from a distribution shifted to the left of a's"""
    rng = np.random.default_rng(4)
    return m.ks_statistic(rng.normal(0.5, 1.0, size=300), rng.normal(0.0, 1.0, size=200))


@_expected_from_model(hidden)
def heavy_integer_ties(m):
    """small Poisson counts: almost every value is shared by both samples"""
    rng = np.random.default_rng(5)
    return m.ks_statistic(rng.poisson(2.0, size=400).astype(float), rng.poisson(2.3, size=250).astype(float))


@_expected_from_model(hidden)
def very_different_sizes(m):
    rng = np.random.default_rng(6)
    return m.ks_statistic(rng.exponential(1.0, size=7), rng.exponential(1.3, size=5000))


@_expected_from_model(hidden)
def large_random(m):
    """20,000 versus 15,000 points with a slight scale difference"""
    rng = np.random.default_rng(8)
    return m.ks_statistic(rng.normal(0, 1.0, size=20_000), rng.normal(0, 1.05, size=15_000))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    a = np.array([3.0, 1.0, 2.0, 1.0])
    b = np.array([2.5, 0.5, 2.0])
    m.ks_statistic(a, b)
    return [a, b]


# Independent check of the reference itself (plain pytest only).
def test_matches_scipy(solution):
    from scipy.stats import ks_2samp

    rng = np.random.default_rng(0)
    cases = [(rng.normal(size=50), rng.normal(0.3, size=70)),
             (rng.integers(0, 4, size=30).astype(float), rng.integers(0, 5, size=45).astype(float)),
             (rng.normal(size=1), rng.normal(size=9))]
    for a, b in cases:
        assert abs(solution.ks_statistic(a, b) - ks_2samp(a, b).statistic) < 1e-12
