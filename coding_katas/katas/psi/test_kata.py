import math
from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _python_psi(expected_fractions, actual_fractions, eps=1e-4):
    """Independent model: bin by bin in Python with math.log, both fractions floored at eps."""
    total = []
    expected, actual = np.asarray(expected_fractions, float).tolist(), np.asarray(actual_fractions, float).tolist()
    for e, a in zip(expected, actual, strict=True):
        e, a = max(e, eps), max(a, eps)
        total.append((a - e) * math.log(a / e))
    return math.fsum(total)


_MODEL = SimpleNamespace(population_stability_index=_python_psi)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=0.5 * math.log(2))
def two_bins_swap_mass(m):
    """expected [0.25, 0.25, 0.5], actual [0.5, 0.25, 0.25]"""
    return m.population_stability_index(np.array([0.25, 0.25, 0.5]), np.array([0.5, 0.25, 0.25]))


@sample(expected=0.0)
def identical_distributions(m):
    """expected = actual = [0.1, 0.2, 0.3, 0.4]"""
    p = np.array([0.1, 0.2, 0.3, 0.4])
    return m.population_stability_index(p, p.copy())


@sample(expected=-0.1 * math.log(0.8) + (0.1 - 1e-4) * math.log(0.1 / 1e-4))
def empty_expected_bin(m):
    """expected [0.5, 0.5, 0.0], actual [0.4, 0.5, 0.1]: the empty bin counts as eps = 1e-4"""
    return m.population_stability_index(np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.5, 0.1]))


@_expected_from_model(hidden)
def empty_actual_bin(m):
    return m.population_stability_index(np.array([0.2, 0.3, 0.5]), np.array([0.0, 0.4, 0.6]))


@hidden(expected=0.0)
def bin_empty_in_both(m):
    return m.population_stability_index(np.array([0.5, 0.0, 0.5]), np.array([0.5, 0.0, 0.5]))


@_expected_from_model(hidden)
def positive_fraction_below_eps(m):
    """a bin of 1e-7 must be floored to eps like an empty one"""
    return m.population_stability_index(np.array([0.3, 0.3, 0.4 - 1e-7, 1e-7]), np.array([0.2, 0.3, 0.3, 0.2]))


@_expected_from_model(hidden)
def custom_eps(m):
    e = np.array([0.6, 0.4, 0.0, 0.0])
    a = np.array([0.5, 0.3, 0.195, 0.005])
    return [m.population_stability_index(e, a, eps=0.01), m.population_stability_index(e, a, eps=1e-6)]


@_expected_from_model(hidden)
def histogram_drift(m):
    """10-bin histograms of a training sample and a shifted production sample"""
    rng = np.random.default_rng(12)
    edges = np.linspace(-4, 4, 11)
    e = np.histogram(rng.normal(0, 1, 5000), bins=edges)[0] / 5000
    a = np.histogram(rng.normal(0.4, 1.2, 3000), bins=edges)[0] / 3000
    return m.population_stability_index(e, a)


@_expected_from_model(hidden)
def many_bins(m):
    """1,000 bins drawn from two Dirichlet distributions, some bins below eps"""
    rng = np.random.default_rng(13)
    return m.population_stability_index(rng.dirichlet(np.full(1000, 0.5)), rng.dirichlet(np.full(1000, 0.5)))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    e = np.array([0.0, 0.5, 0.5, 0.0])
    a = np.array([0.25, 0.25, 0.5, 0.0])
    m.population_stability_index(e, a)
    return [e, a]


# Independent check of the reference itself (plain pytest only).
def test_matches_loop(solution):
    rng = np.random.default_rng(0)
    for eps in (1e-4, 1e-3):
        e = rng.dirichlet(np.full(20, 0.3))
        a = rng.dirichlet(np.full(20, 0.3))
        total = 0.0
        for ei, ai in zip(e, a, strict=True):
            ei, ai = max(ei, eps), max(ai, eps)
            total += (ai - ei) * math.log(ai / ei)
        assert abs(solution.population_stability_index(e, a, eps=eps) - total) < 1e-12
