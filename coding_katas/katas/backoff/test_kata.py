import random
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


def _full_jitter(n_retries, base, cap, rng):
    """Independent model: the prompt's formula term by term, ceiling_i = min(cap, base * 2**i) with the exponent
    capped at 64 (exact here: every scenario's ceiling reaches its cap well before i = 64), one uniform draw each."""
    return [rng.uniform(0, min(cap, base * 2.0 ** min(i, 64))) for i in range(n_retries)]


_MODEL = SimpleNamespace(backoff_delays=_full_jitter)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value (the global random state,
    which one scenario reseeds, is restored: importing this file must not change it)."""

    def mark(fn):
        state = random.getstate()
        try:
            value = fn(_MODEL)
        finally:
            random.setstate(state)
        return declare(expected=value)(fn)

    return mark


@sample(expected=[0.42221092576252406, 0.7579544029403025, 0.84114316166169, 0.77675025087889])
def example_from_prompt(m):
    """4 retries, base 0.5, cap 3.0, random.Random(0): ceilings 0.5, 1, 2, 3"""
    return m.backoff_delays(4, 0.5, 3.0, random.Random(0))


@sample(expected=[])
def no_retries(m):
    """n_retries = 0 gives an empty list"""
    return m.backoff_delays(0, 1.0, 10.0, random.Random(1))


@_expected_from_model(sample)
def ten_retries_capped_at_thirty_seconds(m):
    """10 retries, base 0.1 s, cap 30 s, random.Random(42): the ceiling reaches the cap at i = 9"""
    return m.backoff_delays(10, 0.1, 30.0, random.Random(42))


@_expected_from_model(hidden)
def cap_below_base(m):
    """cap 0.2 < base 1.0: every ceiling is the cap"""
    return m.backoff_delays(6, 1.0, 0.2, random.Random(2))


@_expected_from_model(hidden)
def zero_base_still_draws(m):
    """base 0: all delays are 0.0, yet one draw per delay is consumed (the next draw shows it)"""
    rng = random.Random(3)
    delays = m.backoff_delays(5, 0.0, 5.0, rng)
    return [delays, rng.random()]


@_expected_from_model(hidden)
def exactly_one_draw_per_delay(m):
    """after 7 delays, the rng's next value must be its 8th draw"""
    rng = random.Random(4)
    m.backoff_delays(7, 0.25, 8.0, rng)
    return rng.random()


@_expected_from_model(hidden)
def ceiling_hits_cap_exactly(m):
    """base 0.75 doubles to 6.0 = cap at i = 3, then stays at 6.0"""
    return m.backoff_delays(8, 0.75, 6.0, random.Random(5))


@_expected_from_model(hidden)
def does_not_use_global_random(m):
    """the global random state is set to a different seed and must not matter"""
    random.seed(12345)
    return m.backoff_delays(6, 0.5, 100.0, random.Random(6))


@_expected_from_model(hidden)
def every_delay_below_its_ceiling(m):
    """200 retries (base 0.01, cap 60): the delays, and whether each is within [0, ceiling]"""
    delays = m.backoff_delays(200, 0.01, 60.0, random.Random(7))
    ok = [0.0 <= d <= min(60.0, 0.01 * 2.0 ** min(i, 60)) for i, d in enumerate(delays)]
    return [delays, all(ok)]


@_expected_from_model(hidden)
def thousands_of_retries_do_not_overflow(m):
    """3,000 retries: base * 2**i is far beyond float range, the ceiling stays at the cap"""
    return m.backoff_delays(3000, 0.2, 20.0, random.Random(8))


@_expected_from_model(hidden)
def long_run_from_same_seed(m):
    """two calls with equal seeds give equal lists; a third from the rng that already drew differs"""
    rng = random.Random(9)
    first = m.backoff_delays(30, 0.05, 2.0, rng)
    second = m.backoff_delays(30, 0.05, 2.0, random.Random(9))
    third = m.backoff_delays(30, 0.05, 2.0, rng)
    return [first, second, third]


# Independent check of the reference itself (plain pytest only): the formula with exact integer powers.
def test_matches_formula_with_exact_powers(solution):
    from fractions import Fraction

    for n, base, cap in [(50, 0.3, 7.0), (12, 2.0, 1.5), (1500, 1e-3, 45.0)]:
        rng = random.Random(n)
        expected = [rng.uniform(0, float(min(Fraction(cap), Fraction(base) * 2 ** i))) for i in range(n)]
        assert solution.backoff_delays(n, base, cap, random.Random(n)) == expected
