import time
from fractions import Fraction
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _ExactBucket:
    """Independent model for expected values: the bucket in exact rationals (every float is a Fraction)."""

    def __init__(self, rate, capacity, clock=time.monotonic):
        self.rate, self.capacity, self.clock = Fraction(rate), Fraction(capacity), clock
        self.tokens, self.last = self.capacity, Fraction(clock())

    def allow(self, cost=1.0):
        now = Fraction(self.clock())
        self.tokens, self.last = min(self.capacity, self.tokens + self.rate * (now - self.last)), now
        if self.tokens >= Fraction(cost):
            self.tokens -= Fraction(cost)
            return True
        return False


_MODEL = SimpleNamespace(TokenBucket=_ExactBucket)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


class FakeClock:
    """A clock the scenario moves by hand: clock() returns .now."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def _replay(m, rate, capacity, events, start=0.0):
    """events: ("at", t) moves the clock to t; ("allow",) or ("allow", cost) calls allow; returns the bools."""
    clock = FakeClock(start)
    bucket = m.TokenBucket(rate=rate, capacity=capacity, clock=clock)
    out = []
    for ev in events:
        if ev[0] == "at":
            clock.now = ev[1]
        else:
            out.append(bucket.allow(*ev[1:]))
    return out


@sample(expected=[True, True, True, False, False, True, True, False])
def example_from_prompt(m):
    """rate 2/s, capacity 3: burst of 3, +0.5 token at t = 0.25, then a long idle period to t = 10"""
    events = [("allow",)] * 4 + [("at", 0.25), ("allow",), ("allow", 0.5), ("at", 10.0), ("allow", 3.0), ("allow",)]
    return _replay(m, 2.0, 3.0, events)


@sample(expected=[True, True, False, True, False, False, True])
def burst_then_steady_rate(m):
    """rate 1/s, capacity 2: three calls at t = 0, then calls at t = 1, 1, 1.5, 2"""
    events = [("allow",)] * 3 + [("at", 1.0), ("allow",), ("allow",), ("at", 1.5), ("allow",), ("at", 2.0), ("allow",)]
    return _replay(m, 1.0, 2.0, events)


@sample(expected=[True, False, True, True, False, True])
def continuous_fractional_refill(m):
    """rate 4/s, capacity 1: refill is continuous, 0.25 s buys exactly one token, 0.125 s half of one"""
    events = [("allow",), ("at", 0.125), ("allow",), ("allow", 0.5), ("at", 0.375), ("allow",),
              ("at", 0.5), ("allow", 0.75), ("allow", 0.5)]
    return _replay(m, 4.0, 1.0, events)


@_expected_from_model(hidden)
def exactly_enough_is_enough(m):
    """rate 0.5/s, capacity 2: after draining, 2 s later exactly 1 token is present; cost 0 is always allowed"""
    events = [("allow", 2.0), ("allow", 0.0), ("at", 2.0), ("allow", 1.0), ("allow", 0.25), ("at", 2.5),
              ("allow", 0.25), ("allow", 0.25)]
    return _replay(m, 0.5, 2.0, events)


@_expected_from_model(hidden)
def rejected_request_takes_nothing(m):
    """capacity 5, rate 1/s: a too-large request must leave the tokens where they were"""
    events = [("allow", 4.0), ("allow", 3.0), ("allow", 3.0), ("allow", 1.0), ("allow", 0.5),
              ("at", 0.5), ("allow", 1.0), ("allow", 0.5), ("at", 3.0), ("allow", 2.5), ("allow", 0.25)]
    return _replay(m, 1.0, 5.0, events)


@_expected_from_model(hidden)
def rejection_then_refill_counts_time_once(m):
    """rate 1/s, capacity 4: rejections in between must not make later refills count the same seconds twice"""
    events = [("allow", 4.0), ("at", 1.0), ("allow", 2.0), ("at", 2.0), ("allow", 3.0), ("allow", 2.0),
              ("allow", 0.5), ("at", 2.5), ("allow", 1.0), ("allow", 0.5)]
    return _replay(m, 1.0, 4.0, events)


@_expected_from_model(hidden)
def cost_above_capacity_is_never_allowed(m):
    """capacity 5: cost 6 fails even when full, and takes nothing"""
    events = [("allow", 6.0), ("at", 100.0), ("allow", 6.0), ("allow", 5.0), ("at", 1000.0), ("allow", 5.5),
              ("allow", 5.0), ("allow", 0.5)]
    return _replay(m, 1.0, 5.0, events)


@_expected_from_model(hidden)
def long_idle_is_capped_at_capacity(m):
    """rate 10/s, capacity 3: 100 s of idling refills to 3, not 1000"""
    events = [("allow",)] * 3 + [("at", 100.0)] + [("allow",)] * 5
    return _replay(m, 10.0, 3.0, events)


@_expected_from_model(hidden)
def zero_rate_never_refills(m):
    events = [("allow",), ("allow",), ("allow",), ("at", 1e6), ("allow",), ("allow", 0.5)]
    return _replay(m, 0.0, 2.0, events)


@_expected_from_model(hidden)
def clock_far_from_zero(m):
    """the fake clock starts at t = 1e6: only differences of clock() matter"""
    events = [("allow", 2.0), ("allow",), ("at", 1e6 + 0.5), ("allow",), ("allow",), ("at", 1e6 + 1.0), ("allow",)]
    return _replay(m, 2.0, 2.0, events, start=1e6)


@_expected_from_model(hidden)
def starts_full_at_creation_time(m):
    """capacity 3 at t = 0, first call at t = 0: three requests pass without waiting"""
    return _replay(m, 0.5, 3.0, [("allow",), ("allow",), ("allow",), ("allow",)])


@_expected_from_model(hidden)
def default_clock_and_default_cost(m):
    """TokenBucket(rate, capacity) with the real monotonic clock; rate 1e-9 makes timing irrelevant"""
    bucket = m.TokenBucket(1e-9, 2.0)
    return [bucket.allow(), bucket.allow(), bucket.allow()]


@_expected_from_model(hidden)
def long_random_sequence(m):
    """3,000 calls at random times (multiples of 1/16 s) with costs in quarters; rate 1.5/s, capacity 4"""
    import random

    rng = random.Random(7)
    events, now = [], 0.0
    for _ in range(3000):
        if rng.random() < 0.4:
            now += rng.randrange(0, 24) / 16
            events.append(("at", now))
        events.append(("allow", rng.randrange(0, 12) / 4) if rng.random() < 0.7 else ("allow",))
    return _replay(m, 1.5, 4.0, events)


# Independent check of the reference itself (plain pytest only): a discrete-event simulation in
# integer 1/64ths of a token, where every quantity in the scenario is exact.
def test_matches_integer_simulation(solution):
    import random

    rng = random.Random(11)
    clock = FakeClock()
    bucket = solution.TokenBucket(rate=1.5, capacity=4.0, clock=clock)
    tokens, last = 4 * 64, 0  # in 1/64 token, time in 1/16 s; rate 1.5/s = 6 units per 1/16 s
    for _ in range(5000):
        now = last + rng.randrange(0, 10)
        clock.now = now / 16
        tokens, last = min(4 * 64, tokens + (now - last) * 6), now
        cost = rng.randrange(0, 13) * 16  # quarters of a token
        expected = tokens >= cost
        if expected:
            tokens -= cost
        assert bucket.allow(cost / 64) is expected
