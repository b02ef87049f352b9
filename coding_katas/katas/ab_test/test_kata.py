import math
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


def _ndtr_test(sa, na, sb, nb):
    """Independent model: pooled z, two-sided p from scipy.special.ndtr, (0.0, 1.0) with no spread."""
    from scipy.special import ndtr

    p = (sa + sb) / (na + nb)
    se = math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    if se == 0:
        return 0.0, 1.0
    z = (sb / nb - sa / na) / se
    return z, float(2 * ndtr(-abs(z)))


_MODEL = SimpleNamespace(two_proportion_z_test=_ndtr_test)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _pooled(sa, na, sb, nb):
    """Hand formula for the expected values below."""
    p = (sa + sb) / (na + nb)
    z = (sb / nb - sa / na) / math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    return z, math.erfc(abs(z) / math.sqrt(2))


@sample(expected=_pooled(200, 1000, 240, 1000))
def b_converts_better(m):
    """A: 200 of 1000, B: 240 of 1000"""
    return m.two_proportion_z_test(200, 1000, 240, 1000)


@sample(expected=(-math.sqrt(8 / 3), math.erfc(math.sqrt(4 / 3))))
def b_converts_worse(m):
    """A: 30 of 100, B: 20 of 100 (negative z)"""
    return m.two_proportion_z_test(30, 100, 20, 100)


@sample(expected=(0.0, 1.0))
def nobody_converts(m):
    """A: 0 of 50, B: 0 of 80: the pooled standard error is 0"""
    return m.two_proportion_z_test(0, 50, 0, 80)


@hidden(expected=(0.0, 1.0))
def everybody_converts(m):
    return m.two_proportion_z_test(40, 40, 7, 7)


@hidden(expected=(0.0, 1.0))
def equal_rates(m):
    return m.two_proportion_z_test(25, 100, 50, 200)


@_expected_from_model(hidden)
def unequal_group_sizes(m):
    """A: 90 of 300, B: 1100 of 5000"""
    return m.two_proportion_z_test(90, 300, 1100, 5000)


@_expected_from_model(hidden)
def one_group_all_zero(m):
    """A: 0 of 20, B: 5 of 25: pooled rate is positive, so the test is defined"""
    return m.two_proportion_z_test(0, 20, 5, 25)


@_expected_from_model(hidden)
def large_effect(m):
    """a very small p-value"""
    return m.two_proportion_z_test(100, 2000, 300, 2000)


@_expected_from_model(hidden)
def many_experiments(m):
    """200 random experiments, one (z, p) pair each"""
    import random

    rng = random.Random(9)
    out = []
    for _ in range(200):
        na, nb = rng.randint(1, 5000), rng.randint(1, 5000)
        out.append(m.two_proportion_z_test(rng.randint(0, na), na, rng.randint(0, nb), nb))
    return out


# Independent check of the reference itself (plain pytest only).
def test_matches_chi_square_without_correction(solution):
    import numpy as np
    from scipy.stats import chi2_contingency

    for sa, na, sb, nb in [(200, 1000, 240, 1000), (30, 100, 20, 100), (3, 17, 9, 23), (900, 3000, 120, 500)]:
        z, p = solution.two_proportion_z_test(sa, na, sb, nb)
        chi2, p_chi, _, _ = chi2_contingency(np.array([[sa, na - sa], [sb, nb - sb]]), correction=False)
        assert abs(z * z - chi2) < 1e-9 * chi2 and abs(p - p_chi) < 1e-12
