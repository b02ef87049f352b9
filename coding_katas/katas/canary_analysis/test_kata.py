import math
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


def _expected(eb, nb, ec, nc, confidence=0.95):
    """Hand formula for the expected values below (both arms large enough, pooled rate in (0, 1))."""
    p = (eb + ec) / (nb + nc)
    z = (ec / nc - eb / nb) / math.sqrt(p * (1 - p) * (1 / nb + 1 / nc))
    tail = 0.5 * math.erfc(z / math.sqrt(2))
    return ("rollback" if tail < 1 - confidence else "promote"), z, tail


def _scipy_canary(eb, nb, ec, nc, confidence=0.95, min_samples=100):
    """Independent model: the prompt's rules in order, the upper tail from scipy.special.ndtr(-z)."""
    from scipy.special import ndtr

    if not 0 < confidence < 1 or min(nb, eb, nc, ec) < 0 or eb > nb or ec > nc:
        raise ValueError("invalid arguments")
    if min(nb, nc) < max(min_samples, 1):
        return "wait", None, None
    p = (eb + ec) / (nb + nc)
    se = math.sqrt(p * (1 - p) * (1 / nb + 1 / nc))
    z = 0.0 if se == 0 else (ec / nc - eb / nb) / se
    tail = float(ndtr(-z))
    return ("rollback" if tail < 1 - confidence else "promote"), z, tail


_MODEL = SimpleNamespace(canary_analysis=_scipy_canary)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=_expected(50, 10_000, 18, 2_000))
def clear_regression(m):
    """baseline 50 errors in 10,000, canary 18 in 2,000 (0.5 % versus 0.9 %)"""
    return m.canary_analysis(50, 10_000, 18, 2_000)


@sample(expected=_expected(50, 10_000, 9, 2_000))
def canary_slightly_better(m):
    """baseline 50 in 10,000, canary 9 in 2,000: negative z, promote"""
    return m.canary_analysis(50, 10_000, 9, 2_000)


@sample(expected=("wait", None, None))
def baseline_below_min_samples(m):
    """baseline has 99 requests, min_samples = 100"""
    return m.canary_analysis(5, 99, 50, 100)


@hidden(expected=_expected(30, 1_000, 45, 1_000))
def significant_one_sided_only(m):
    """3.0 % versus 4.5 %: one-sided p ~ 0.039 (rollback), two-sided p ~ 0.077 would promote"""
    return m.canary_analysis(30, 1_000, 45, 1_000)


@_expected_from_model(hidden)
def exactly_min_samples_is_enough(m):
    """both arms have exactly min_samples requests, and one arm one fewer"""
    return [m.canary_analysis(4, 100, 12, 100), m.canary_analysis(4, 100, 12, 99),
            m.canary_analysis(1, 250, 9, 250, min_samples=250)]


@_expected_from_model(hidden)
def canary_below_min_samples(m):
    return m.canary_analysis(10, 5_000, 40, 60)


@_expected_from_model(hidden)
def empty_arm_with_min_samples_zero(m):
    """min_samples=0 still waits for an arm with 0 requests, but tests 1 versus 1"""
    return [m.canary_analysis(0, 0, 3, 10, min_samples=0), m.canary_analysis(0, 1, 1, 1, min_samples=0)]


@hidden(expected=[("promote", 0.0, 0.5), ("promote", 0.0, 0.5)])
def zero_pooled_standard_error(m):
    """no errors in either arm, and errors only: z = 0.0 and the upper tail is 0.5"""
    return [m.canary_analysis(0, 500, 0, 300), m.canary_analysis(200, 200, 150, 150)]


@_expected_from_model(hidden)
def confidence_changes_the_decision(m):
    """the same counts judged at 80 %, 90 %, 95 % and 99 % confidence"""
    return [m.canary_analysis(120, 8_000, 40, 2_000, confidence=c) for c in (0.8, 0.9, 0.95, 0.99)]


@_expected_from_model(hidden)
def canary_has_no_errors(m):
    return m.canary_analysis(37, 4_000, 0, 800)


@_expected_from_model(hidden)
def invalid_arguments_raise(m):
    """errors > total, negative errors, negative total, confidence 0 and 1"""
    return [_outcome(lambda: m.canary_analysis(11, 10, 0, 10)),
            _outcome(lambda: m.canary_analysis(0, 500, -1, 500)),
            _outcome(lambda: m.canary_analysis(0, -5, 0, 500)),
            _outcome(lambda: m.canary_analysis(1, 500, 2, 500, confidence=0.0)),
            _outcome(lambda: m.canary_analysis(1, 500, 2, 500, confidence=1.0))]


@_expected_from_model(hidden)
def many_random_canaries(m):
    """300 random arms of 50 to 20,000 requests at random confidences"""
    import random

    rng = random.Random(17)
    out = []
    for _ in range(300):
        nb, nc = rng.randint(50, 20_000), rng.randint(50, 20_000)
        rate = rng.uniform(0.0, 0.1)
        eb = min(nb, int(rate * nb + rng.randint(0, 5)))
        ec = min(nc, int(rate * rng.uniform(0.7, 1.6) * nc))
        out.append(m.canary_analysis(eb, nb, ec, nc, confidence=rng.choice([0.9, 0.95, 0.99])))
    return out


# Independent checks of the reference itself (plain pytest only).
def test_matches_scipy_one_sided_tail(solution):
    from scipy.stats import norm

    for eb, nb, ec, nc in [(50, 10_000, 18, 2_000), (30, 1_000, 45, 1_000), (37, 4_000, 0, 800), (9, 120, 30, 300)]:
        decision, z, p = solution.canary_analysis(eb, nb, ec, nc)
        assert abs(p - norm.sf(z)) < 1e-14
        assert decision == ("rollback" if norm.cdf(z) > 0.95 else "promote")


def test_z_squared_is_chi_square(solution):
    import numpy as np
    from scipy.stats import chi2_contingency

    for eb, nb, ec, nc in [(50, 10_000, 18, 2_000), (3, 170, 9, 230), (900, 3_000, 120, 500)]:
        _, z, _ = solution.canary_analysis(eb, nb, ec, nc)
        chi2 = chi2_contingency(np.array([[eb, nb - eb], [ec, nc - ec]]), correction=False)[0]
        assert abs(z * z - chi2) < 1e-9 * chi2
