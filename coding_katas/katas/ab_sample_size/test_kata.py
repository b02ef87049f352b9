import math
from types import SimpleNamespace
from statistics import NormalDist

from coding_katas.scenarios import hidden, sample

def _ndtri_size(baseline_rate, mde, alpha=0.05, power=0.8):
    """Independent model: the prompt's formula with quantiles from scipy.special.ndtri."""
    from scipy.special import ndtri

    p1, p2 = baseline_rate, baseline_rate + mde
    if not (0 < p1 < 1 and 0 < p2 < 1 and mde != 0 and 0 < alpha < 1 and 0 < power < 1):
        raise ValueError("invalid design")
    pbar = (p1 + p2) / 2
    spread = (float(ndtri(1 - alpha / 2)) * math.sqrt(2 * pbar * (1 - pbar))
              + float(ndtri(power)) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
    return math.ceil(spread ** 2 / (p2 - p1) ** 2)


_MODEL = SimpleNamespace(ab_sample_size=_ndtri_size)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


# Inputs of the random scenario, shared with the guard test below.
def _random_designs():
    import random

    rng = random.Random(23)
    designs = []
    for _ in range(200):
        p1 = rng.uniform(0.005, 0.9)
        mde = rng.choice([-1, 1]) * rng.uniform(0.002, 0.09)
        if not 0 < p1 + mde < 1:
            mde = -mde
        designs.append((p1, mde, rng.choice([0.01, 0.05, 0.1]), rng.choice([0.5, 0.8, 0.9, 0.95])))
    return designs


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=3841)
def ten_to_twelve_percent(m):
    """baseline 10 %, mde +0.02 (absolute), alpha 0.05, power 0.8: raw value 3840.85"""
    return m.ab_sample_size(0.10, 0.02)


@sample(expected=3213)
def a_drop_is_not_symmetric(m):
    """baseline 10 %, mde -0.02: the rates 10 % and 8 % have smaller variances than 10 % and 12 %"""
    return m.ab_sample_size(0.10, -0.02)


@sample(expected=15465)
def strict_alpha_high_power(m):
    """baseline 5 %, mde +0.01, alpha 0.01, power 0.9"""
    return m.ab_sample_size(0.05, 0.01, alpha=0.01, power=0.9)


@hidden(expected=[388, 1377, 2311, 3397])
def round_up_not_to_nearest(m):
    """raw values 387.34, 1376.30, 2310.32 and 3396.08 must all be rounded up"""
    return [m.ab_sample_size(0.5, 0.1), m.ab_sample_size(0.3, 0.05), m.ab_sample_size(0.6, 0.04),
            m.ab_sample_size(0.25, 0.03)]


@hidden(expected=378)
def power_one_half(m):
    """power 0.5 makes z_b = 0: only the null term is left"""
    return m.ab_sample_size(0.2, 0.05, alpha=0.1, power=0.5)


@hidden(expected=10)
def huge_effect_needs_few_users(m):
    """20 % -> 80 %: raw value 9.63"""
    return m.ab_sample_size(0.2, 0.6)


@_expected_from_model(hidden)
def tiny_baseline_rate(m):
    """0.1 % -> 0.15 %, and 2 % -> 2.3 % at power 0.95"""
    return [m.ab_sample_size(0.001, 0.0005), m.ab_sample_size(0.02, 0.003, 0.05, 0.95)]


@_expected_from_model(hidden)
def returns_a_python_int(m):
    n = m.ab_sample_size(0.3, -0.05)
    return [type(n).__name__, n]


@_expected_from_model(hidden)
def invalid_arguments_raise(m):
    """rates outside (0, 1), a zero effect, alpha and power outside (0, 1)"""
    return [_outcome(lambda: m.ab_sample_size(0.0, 0.05)),
            _outcome(lambda: m.ab_sample_size(0.97, 0.05)),
            _outcome(lambda: m.ab_sample_size(0.03, -0.05)),
            _outcome(lambda: m.ab_sample_size(0.3, 0.0)),
            _outcome(lambda: m.ab_sample_size(0.3, 0.05, alpha=0.0)),
            _outcome(lambda: m.ab_sample_size(0.3, 0.05, power=1.0))]


@_expected_from_model(hidden)
def many_random_designs(m):
    """200 random baselines, effects (both signs), alphas and powers"""
    return [m.ab_sample_size(*d) for d in _random_designs()]


# Independent checks of the reference itself (plain pytest only).
def _power(n, p1, p2, alpha):
    """Normal-approximation power of the two-sided pooled test with n users per arm (upper tail only)."""
    N = NormalDist()
    p_bar = (p1 + p2) / 2
    za = N.inv_cdf(1 - alpha / 2)
    return N.cdf((abs(p2 - p1) * math.sqrt(n) - za * math.sqrt(2 * p_bar * (1 - p_bar)))
                 / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))


def test_smallest_n_reaching_the_power(solution):
    for p1, mde, alpha, power in _random_designs()[:60] + [(0.1, 0.02, 0.05, 0.8), (0.2, 0.6, 0.05, 0.8)]:
        n = solution.ab_sample_size(p1, mde, alpha, power)
        assert _power(n, p1, p1 + mde, alpha) >= power - 1e-12
        assert _power(n - 1, p1, p1 + mde, alpha) < power


def test_no_scenario_sits_on_an_integer(solution):
    # Guard: a raw value within float noise of an integer would make ceil depend on operation order.
    N = NormalDist()
    for p1, mde, alpha, power in _random_designs():
        p2, p_bar = p1 + mde, p1 + mde / 2
        raw = (N.inv_cdf(1 - alpha / 2) * math.sqrt(2 * p_bar * (1 - p_bar))
               + N.inv_cdf(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / mde ** 2
        assert abs(raw - round(raw)) > 1e-6
