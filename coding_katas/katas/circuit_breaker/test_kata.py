import time
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _TableBreaker:
    """Independent model for expected values: a transition table over (state, event, trial in flight),
    with the cool-down expiry applied before every call."""

    def __init__(self, threshold, cooldown, clock=time.monotonic):
        self.threshold, self.cooldown, self.clock = threshold, cooldown, clock
        self._state, self.fails, self.opened, self.trial = "closed", 0, 0.0, False

    def _tick(self):
        now = self.clock()
        if self._state == "open" and now - self.opened >= self.cooldown:
            self._state, self.trial = "half_open", False
        return now

    @property
    def state(self):
        self._tick()
        return self._state

    def allow(self):
        self._tick()
        ok = (self._state, self.trial) in {("closed", False), ("half_open", False)}
        self.trial = self.trial or self._state == "half_open"
        return ok

    def record_success(self):
        self._tick()
        if (self._state, self.trial) == ("closed", False):
            self.fails = 0
        elif (self._state, self.trial) == ("half_open", True):
            self._state, self.fails, self.trial = "closed", 0, False

    def record_failure(self):
        now = self._tick()
        if (self._state, self.trial) == ("closed", False):
            self.fails += 1
            if self.fails >= self.threshold:
                self._state, self.opened = "open", now
        elif (self._state, self.trial) == ("half_open", True):
            self._state, self.opened, self.trial = "open", now, False


_MODEL = SimpleNamespace(CircuitBreaker=_TableBreaker)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)

# Times are multiples of powers of two, so now - opened_at >= cooldown is exact arithmetic.


class FakeClock:
    """A clock the scenario moves by hand: clock() returns .now."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def _replay(m, threshold, cooldown, events, start=0.0):
    """events: ("at", t) moves the clock; "allow" / "state" record allow() / state; "ok" / "fail" call
    record_success() / record_failure(). Returns the allow() results and states, in order."""
    clock = FakeClock(start)
    cb = m.CircuitBreaker(threshold, cooldown, clock=clock)
    out = []
    for ev in events:
        if isinstance(ev, tuple):
            clock.now = ev[1]
        elif ev == "allow":
            out.append(cb.allow())
        elif ev == "state":
            out.append(cb.state)
        elif ev == "ok":
            cb.record_success()
        else:
            cb.record_failure()
    return out


@sample(expected=[True, True, True, True, True, True, "open", False, False, "half_open", True, False, "open",
                  False, True, "closed"])
def example_from_prompt(m):
    """threshold 3, cool-down 30 s: two failures and a success, three failures at t = 5, a failed trial at 36, a good one at 66"""
    events = ["allow", "fail", "allow", "fail", "allow", "ok", ("at", 5.0), "allow", "fail", "allow", "fail",
              "allow", "fail", "state", "allow", ("at", 34.5), "allow", ("at", 35.0), "state", "allow", "allow",
              ("at", 36.0), "fail", "state", ("at", 65.0), "allow", ("at", 66.0), "allow", "ok", "state"]
    return _replay(m, 3, 30.0, events)


@sample(expected=["closed", "closed", "closed", "open"])
def success_resets_the_consecutive_count(m):
    """threshold 3: fail, fail, success, fail, fail keeps it closed; one more failure opens it"""
    events = ["fail", "fail", "state", "ok", "fail", "fail", "state", "ok", "ok", "fail", "fail", "state",
              "fail", "state"]
    return _replay(m, 3, 10.0, events)


@sample(expected=["half_open", "half_open", True, False, False, "half_open", "closed", True, True])
def half_open_lets_a_single_trial_through(m):
    """threshold 1, cool-down 4 s: at t = 4 one allow() is the trial; the others wait for its outcome"""
    events = ["fail", ("at", 4.0), "state", "state", "allow", "allow", ("at", 5.0), "allow", "state", "ok",
              "state", "allow", "allow"]
    return _replay(m, 1, 4.0, events)


@_expected_from_model(hidden)
def failed_trial_restarts_the_cooldown(m):
    """threshold 2, cool-down 8 s: opened at t = 1, trial at 9 fails at 12: open until exactly 20"""
    events = ["fail", ("at", 1.0), "fail", ("at", 9.0), "allow", ("at", 12.0), "fail", "state", "allow",
              ("at", 19.75), "state", "allow", ("at", 20.0), "state", "allow", "fail", ("at", 27.5), "allow",
              ("at", 28.0), "allow", "ok", "state"]
    return _replay(m, 2, 8.0, events)


@_expected_from_model(hidden)
def cooldown_ends_exactly_on_time(m):
    """cool-down 2.5 s from t = 0.5: still open at 2.9375, half-open at exactly 3.0"""
    events = [("at", 0.5), "fail", ("at", 2.9375), "state", "allow", ("at", 3.0), "state", "allow", "allow"]
    return _replay(m, 1, 2.5, events)


@_expected_from_model(hidden)
def outcomes_while_open_are_ignored(m):
    """late successes do not close an open breaker and late failures do not extend the cool-down"""
    events = ["fail", "fail", ("at", 1.0), "ok", "state", "allow", ("at", 5.0), "fail", "fail", "state",
              ("at", 10.0), "state", "allow", "ok", "state"]
    return _replay(m, 2, 10.0, events)


@_expected_from_model(hidden)
def outcomes_without_a_trial_are_ignored(m):
    """half-open with no trial in flight: record_failure and record_success change nothing"""
    events = ["fail", ("at", 3.0), "fail", "state", "ok", "state", "allow", "fail", "state", ("at", 6.0),
              "state", "ok", "state", "allow", "ok", "state"]
    return _replay(m, 1, 3.0, events)


@_expected_from_model(hidden)
def reclosed_breaker_counts_from_zero(m):
    """threshold 3: after a successful trial, three new consecutive failures are needed to open again"""
    events = ["fail", "fail", "fail", ("at", 5.0), "allow", "ok", "fail", "fail", "state", "allow", "fail",
              "state", "allow"]
    return _replay(m, 3, 5.0, events)


@_expected_from_model(hidden)
def threshold_one(m):
    events = ["allow", "ok", "allow", "fail", "state", "allow", ("at", 1.0), "allow", "ok", "allow", "fail",
              "allow"]
    return _replay(m, 1, 1.0, events)


@_expected_from_model(hidden)
def zero_cooldown(m):
    """cool-down 0: an opened breaker is half-open at once, still with a single trial"""
    events = ["fail", "state", "allow", "allow", "fail", "state", "allow", "ok", "state", "fail", "allow",
              "allow"]
    return _replay(m, 1, 0.0, events)


@_expected_from_model(hidden)
def clock_far_from_zero(m):
    """the fake clock starts at t = 2**30"""
    t0 = 1073741824.0
    events = ["fail", "fail", "state", ("at", t0 + 59.5), "allow", ("at", t0 + 60.0), "allow", "ok", "state"]
    return _replay(m, 2, 60.0, events, start=t0)


@_expected_from_model(hidden)
def default_clock(m):
    """CircuitBreaker(2, 3600.0) with the real monotonic clock: opens and stays open"""
    cb = m.CircuitBreaker(2, 3600.0)
    out = [cb.allow(), cb.state]
    cb.record_failure()
    cb.record_failure()
    return out + [cb.state, cb.allow()]


@_expected_from_model(hidden)
def long_random_sequence(m):
    """3,000 random calls at random times (multiples of 1/8 s); threshold 3, cool-down 2 s"""
    import random

    rng = random.Random(12)
    events, now = [], 0.0
    for _ in range(3000):
        if rng.random() < 0.3:
            now += rng.randrange(0, 12) / 8
            events.append(("at", now))
        events.append(rng.choices(["allow", "state", "ok", "fail"], weights=[4, 1, 2, 3])[0])
    return _replay(m, 3, 2.0, events)


# Independent check of the reference itself (plain pytest only): the state machine written as a
# transition table over (state, event), with the cool-down expiry applied first.
def test_matches_transition_table(solution):
    import random

    def oracle(threshold, cooldown, events):
        state, fails, opened, trial, now, out = "closed", 0, 0.0, False, 0.0, []
        for ev in events:
            if isinstance(ev, tuple):
                now = ev[1]
                continue
            if state == "open" and now - opened >= cooldown:
                state, trial = "half_open", False
            key = (state, ev, trial)
            if ev == "state":
                out.append(state)
            elif ev == "allow":
                out.append(key in {("closed", "allow", False), ("half_open", "allow", False)})
                trial = trial or state == "half_open"
            elif key == ("closed", "ok", False):
                fails = 0
            elif key == ("closed", "fail", False):
                fails += 1
                if fails >= threshold:
                    state, opened = "open", now
            elif key == ("half_open", "ok", True):
                state, fails, trial = "closed", 0, False
            elif key == ("half_open", "fail", True):
                state, opened, trial = "open", now, False
        return out

    for seed in range(30):
        rng = random.Random(seed)
        threshold, cooldown = rng.randint(1, 4), rng.randrange(0, 16) / 4
        events, now = [], 0.0
        for _ in range(400):
            if rng.random() < 0.3:
                now += rng.randrange(0, 8) / 4
                events.append(("at", now))
            events.append(rng.choice(["allow", "state", "ok", "fail", "fail"]))

        class Mod:
            CircuitBreaker = solution.CircuitBreaker

        assert _replay(Mod, threshold, cooldown, events) == oracle(threshold, cooldown, events), seed
