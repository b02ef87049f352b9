import time
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _ListLimiter:
    """Independent model for expected values: per key a plain list of accepted times, filtered to the
    window (now - t < window) at every call."""

    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock, self.log = limit, window, clock, {}

    def _live(self, key):
        now = self.clock()
        self.log[key] = [t for t in self.log.get(key, []) if now - t < self.window]
        return now, self.log[key]

    def allow(self, key):
        now, times = self._live(key)
        if len(times) < self.limit:
            times.append(now)
            return True
        return False

    def count(self, key):
        return len(self._live(key)[1])

    def retry_after(self, key):
        now, times = self._live(key)
        return 0.0 if len(times) < self.limit else min(times) + self.window - now


_MODEL = SimpleNamespace(SlidingWindowLimiter=_ListLimiter)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)

# Every time and window is a multiple of a power of two, so t + window - now and now - t are exact
# floats whatever order an implementation does the arithmetic in.


class FakeClock:
    """A clock the scenario moves by hand: clock() returns .now."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def _replay(m, limit, window, events, start=0.0):
    """events: ("at", t) moves the clock; ("allow", key), ("count", key), ("retry", key) call the
    limiter. Returns what each call produced, in order."""
    clock = FakeClock(start)
    limiter = m.SlidingWindowLimiter(limit, window, clock=clock)
    out = []
    for ev in events:
        if ev[0] == "at":
            clock.now = ev[1]
        elif ev[0] == "allow":
            out.append(limiter.allow(ev[1]))
        elif ev[0] == "count":
            out.append(limiter.count(ev[1]))
        else:
            out.append(float(limiter.retry_after(ev[1])))
    return out


@sample(expected=[True, True, False, True, 8.0, True, 2, False, 0.5])
def example_from_prompt(m):
    """limit 2 per 10 s: key "a" at t = 0, 1, 2, key "b" at t = 2, then t = 10 and t = 10.5"""
    events = [("allow", "a"), ("at", 1.0), ("allow", "a"), ("at", 2.0), ("allow", "a"), ("allow", "b"),
              ("retry", "a"), ("at", 10.0), ("allow", "a"), ("count", "a"), ("at", 10.5), ("allow", "a"),
              ("retry", "a")]
    return _replay(m, 2, 10.0, events)


@sample(expected=[True, False, 0.25, True, False, 5.0, False, True])
def limit_one_expires_exactly_at_window(m):
    """limit 1 per 5 s: calls at t = 0, 4.75, 5 (twice), 9.5 and 10"""
    events = [("allow", "k"), ("at", 4.75), ("allow", "k"), ("retry", "k"), ("at", 5.0), ("allow", "k"),
              ("allow", "k"), ("retry", "k"), ("at", 9.5), ("allow", "k"), ("at", 10.0), ("allow", "k")]
    return _replay(m, 1, 5.0, events)


@sample(expected=[True, True, True, False, True, False, 2, 2, 0, True])
def keys_are_independent(m):
    """limit 2 per 1 s: three keys interleaved at t = 0 and t = 0.5"""
    events = [("allow", "u1"), ("allow", "u2"), ("allow", "u1"), ("allow", "u1"), ("at", 0.5),
              ("allow", "u2"), ("allow", "u2"), ("count", "u1"), ("count", "u2"), ("count", ("tenant", 7)),
              ("allow", ("tenant", 7))]
    return _replay(m, 2, 1.0, events)


@_expected_from_model(hidden)
def rejected_requests_are_not_logged(m):
    """limit 2 per 4 s: rejections at t = 2, 3, 3.75 must not delay the slot that opens at t = 4"""
    events = [("allow", "k"), ("at", 1.0), ("allow", "k"), ("at", 2.0), ("allow", "k"), ("retry", "k"),
              ("at", 3.0), ("allow", "k"), ("at", 3.75), ("allow", "k"), ("retry", "k"), ("at", 4.0),
              ("allow", "k"), ("count", "k"), ("at", 5.0), ("allow", "k"), ("count", "k"), ("retry", "k")]
    return _replay(m, 2, 4.0, events)


@_expected_from_model(hidden)
def request_exactly_window_old_no_longer_counts(m):
    """limit 3 per 2.5 s: requests at 0, 0.5, 1; at 2.5 only the first has expired, at 3.5 all three"""
    events = [("allow", "x"), ("at", 0.5), ("allow", "x"), ("at", 1.0), ("allow", "x"), ("allow", "x"),
              ("at", 2.5), ("count", "x"), ("retry", "x"), ("allow", "x"), ("allow", "x"), ("retry", "x"),
              ("at", 2.9375), ("count", "x"), ("at", 3.0), ("count", "x"), ("at", 3.5), ("count", "x"),
              ("at", 5.0), ("count", "x"), ("at", 6.0), ("count", "x")]
    return _replay(m, 3, 2.5, events)


@_expected_from_model(hidden)
def many_calls_at_the_same_instant(m):
    """limit 5 per 1 s: 8 calls at t = 0, then 8 more at t = 1 (all five slots free again at once)"""
    events = [("allow", "burst")] * 8 + [("retry", "burst"), ("at", 0.999755859375), ("allow", "burst"),
                                         ("at", 1.0)] + [("allow", "burst")] * 8 + [("count", "burst")]
    return _replay(m, 5, 1.0, events)


@_expected_from_model(hidden)
def unknown_key_and_idle_key(m):
    """a never-seen key counts 0 and may go now; a key idle for longer than the window likewise"""
    events = [("count", "new"), ("retry", "new"), ("allow", "old"), ("allow", "old"), ("retry", "old"),
              ("at", 100.0), ("count", "old"), ("retry", "old"), ("allow", "old"), ("count", "old")]
    return _replay(m, 2, 3.0, events)


@_expected_from_model(hidden)
def retry_after_follows_the_oldest_request(m):
    """limit 3 per 8 s with requests at 0, 2, 6: retry_after tracks each expiry in turn"""
    events = [("allow", "k"), ("at", 2.0), ("allow", "k"), ("at", 6.0), ("allow", "k"), ("retry", "k"),
              ("at", 7.5), ("retry", "k"), ("at", 8.0), ("retry", "k"), ("allow", "k"), ("retry", "k"),
              ("at", 9.0), ("allow", "k"), ("retry", "k"), ("at", 10.0), ("retry", "k"), ("allow", "k"),
              ("retry", "k")]
    return _replay(m, 3, 8.0, events)


@_expected_from_model(hidden)
def clock_far_from_zero(m):
    """the fake clock starts at t = 2**20: only differences of clock() matter"""
    t0 = 1048576.0
    events = [("allow", "k"), ("allow", "k"), ("retry", "k"), ("at", t0 + 0.75), ("allow", "k"),
              ("at", t0 + 1.5), ("allow", "k"), ("allow", "k"), ("count", "k")]
    return _replay(m, 2, 1.5, events, start=t0)


@_expected_from_model(hidden)
def default_clock(m):
    """SlidingWindowLimiter(limit, window) with the real monotonic clock and a window of a day"""
    limiter = m.SlidingWindowLimiter(2, 86400.0)
    return [limiter.allow("k"), limiter.allow("k"), limiter.allow("k"), limiter.count("k"), limiter.allow("j")]


@_expected_from_model(hidden)
def long_random_sequence(m):
    """4,000 calls on 5 keys at random times (multiples of 1/16 s); limit 4 per 2.5 s"""
    import random

    rng = random.Random(3)
    events, now = [], 0.0
    for _ in range(4000):
        if rng.random() < 0.3:
            now += rng.randrange(0, 20) / 16
            events.append(("at", now))
        op = rng.choices(["allow", "count", "retry"], weights=[6, 1, 1])[0]
        events.append((op, f"key{rng.randrange(5)}"))
    return _replay(m, 4, 2.5, events)


@_expected_from_model(hidden)
def sixty_thousand_calls_stay_fast(m):
    """60,000 calls on one key, 64 per second, limit 8 per 1 s: the log must not grow with history"""
    clock = FakeClock()
    limiter = m.SlidingWindowLimiter(8, 1.0, clock=clock)
    accepted, tail = 0, []
    for i in range(60000):
        clock.now = i / 64
        ok = limiter.allow("hot")
        accepted += ok
        if i >= 59936:
            tail.append(ok)
    return [accepted, tail, limiter.count("hot"), float(limiter.retry_after("hot"))]


# Independent check of the reference itself (plain pytest only): a brute-force recount over the full
# history of accepted requests, straight from the definition.
def test_matches_brute_force_recount(solution):
    import random

    rng = random.Random(17)
    clock = FakeClock()
    limit, window = 3, 1.75
    limiter = solution.SlidingWindowLimiter(limit, window, clock=clock)
    history: dict[str, list[float]] = {}
    for _ in range(5000):
        clock.now += rng.randrange(0, 12) / 16
        key = rng.choice("abc")
        live = [t for t in history.get(key, []) if clock.now - t < window]
        expected = len(live) < limit
        if expected:
            history.setdefault(key, []).append(clock.now)
        assert limiter.allow(key) is expected
        other = rng.choice("abc")
        live = [t for t in history.get(other, []) if clock.now - t < window]
        assert limiter.count(other) == len(live)
        expected_retry = 0.0 if len(live) < limit else min(live) + window - clock.now
        assert limiter.retry_after(other) == expected_retry
