import random

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _TickSim, written independently: it advances every bucket one millisecond
# at a time (adding `rate` milli-tokens per tick, capped), and answers retry_after by ticking a copy of the
# state forward until the request fits.


class _TickSim:
    def __init__(self, limits, global_limit):
        self.cfg = {**{("t", k): v for k, v in limits.items()}, ("g",): global_limit}
        self.milli = {k: v[1] * 1000 for k, v in self.cfg.items()}
        self.now = 0

    def _advance(self, milli, start, end):
        for _ in range(start, end):
            for k, (rate, burst) in self.cfg.items():
                milli[k] = min(burst * 1000, milli[k] + rate)

    def _fits(self, milli, tenant, cost):
        return milli[("t", tenant)] >= cost * 1000 and milli[("g",)] >= cost * 1000

    def run(self, op, tenant, t, cost):
        if ("t", tenant) not in self.cfg:
            return "KeyError"
        if t < self.now:
            return "ValueError"
        self._advance(self.milli, self.now, t)
        self.now = t
        if op == "allow":
            if not self._fits(self.milli, tenant, cost):
                return False
            self.milli[("t", tenant)] -= cost * 1000
            self.milli[("g",)] -= cost * 1000
            return True
        if cost > self.cfg[("t", tenant)][1] or cost > self.cfg[("g",)][1]:
            return -1
        trial, wait = dict(self.milli), 0
        while not self._fits(trial, tenant, cost):
            self._advance(trial, 0, 1)
            wait += 1
        return wait


def _replay_sim(limits, global_limit, ops):
    sim = _TickSim(limits, global_limit)
    return [sim.run(*op) for op in ops]


def _replay(m, limits, global_limit, ops):
    lim = m.MultiTenantLimiter(limits, global_limit)
    out = []
    for op, tenant, t, cost in ops:
        call = lim.allow if op == "allow" else lim.retry_after
        try:
            out.append(call(tenant, t, cost))
        except (KeyError, ValueError) as exc:
            out.append(type(exc).__name__)
    return out


EXAMPLE = [("allow", "a", 0, 1)] * 4 + [("allow", "b", 0, 1), ("allow", "b", 0, 1), ("retry", "a", 0, 1),
                                        ("allow", "a", 499, 1), ("allow", "a", 500, 1), ("retry", "a", 500, 4)]


@sample(expected=[True, True, True, False, True, False, 500, False, True, -1])
def prompt_example(m):
    """tenants a (2/s, burst 3) and b (1/s, burst 1), global (10/s, burst 4)"""
    return _replay(m, {"a": (2, 3), "b": (1, 1)}, (10, 4), EXAMPLE)


GLOBAL_FIRST = [("allow", "a", 0, 2), ("allow", "b", 0, 1), ("allow", "b", 0, 1), ("retry", "b", 0, 1),
                ("allow", "b", 249, 1), ("allow", "b", 250, 1), ("allow", "a", 1000, 3)]


@sample(expected=[True, True, False, 250, False, True, True])
def global_bucket_refuses(m):
    """global (4/s, burst 3) runs out while tenant b (1/s, burst 2) still holds a token: the refusal must not take
    b's token, so b only waits for the global bucket (250 ms)"""
    return _replay(m, {"a": (100, 5), "b": (1, 2)}, (4, 3), GLOBAL_FIRST)


ERRORS = [("allow", "a", 10, 1), ("allow", "zz", 20, 1), ("allow", "a", 5, 1), ("retry", "a", 10, 1),
          ("allow", "a", 10, 1)]


@sample(expected=[True, "KeyError", "ValueError", 0, True])
def unknown_tenant_and_time_going_back(m):
    """an unknown tenant raises KeyError, an earlier time raises ValueError; neither changes any bucket"""
    return _replay(m, {"a": (1, 2)}, (5, 5), ERRORS)


FRACTION = [("allow", "a", 0, 1), ("allow", "a", 0, 1), ("allow", "a", 333, 1), ("allow", "a", 666, 1),
            ("allow", "a", 1000, 1), ("retry", "a", 1000, 1), ("allow", "a", 1333, 1), ("allow", "a", 1334, 1)]


@hidden(expected=_replay_sim({"a": (3, 2)}, (1000, 1000), FRACTION))
def fractional_refill_across_calls(m):
    """3 tokens/s: 333 ms gives 0.999 token, the next 333 ms add up to 1.998 (one request), exact ints"""
    return _replay(m, {"a": (3, 2)}, (1000, 1000), FRACTION)


IDLE = [("allow", "a", 0, 4), ("allow", "a", 100_000, 4), ("allow", "a", 100_000, 1), ("retry", "a", 100_000, 4),
        ("retry", "a", 100_000, 5), ("allow", "a", 101_000, 1)]


@hidden(expected=_replay_sim({"a": (2, 4)}, (50, 50), IDLE))
def long_idle_caps_at_burst(m):
    """after 100 s idle the bucket holds 4 (not 200); cost 4 = burst fits, cost 5 never does"""
    return _replay(m, {"a": (2, 4)}, (50, 50), IDLE)


def _random_ops(seed, tenants, n):
    rng = random.Random(seed)
    t, ops = 0, []
    for _ in range(n):
        t += rng.choice([0, 0, 1, 7, 50, 333, 1000])
        ops.append((rng.choice(["allow", "allow", "allow", "retry"]), rng.choice(tenants), t, rng.choice([1, 1, 2, 3])))
    return ops


LIMITS = {"free": (1, 2), "pro": (5, 10), "team": (20, 3)}
RANDOM = _random_ops(1, list(LIMITS), 120)


@hidden(expected=_replay_sim(LIMITS, (8, 12), RANDOM))
def random_three_tenants(m):
    """120 random allow/retry calls over three tenant tiers and a tight global bucket"""
    return _replay(m, LIMITS, (8, 12), RANDOM)


BURSTY = _random_ops(2, ["free", "pro"], 80)


@hidden(expected=_replay_sim({"free": (1, 1), "pro": (7, 3)}, (1000, 1000), BURSTY))
def generous_global_bucket(m):
    """the global bucket never binds: only the tenant buckets decide"""
    return _replay(m, {"free": (1, 1), "pro": (7, 3)}, (1000, 1000), BURSTY)


RETRY = [("allow", "a", 0, 3), ("retry", "a", 0, 1), ("retry", "a", 0, 3), ("retry", "a", 1, 3), ("retry", "a", 1, 2),
         ("allow", "a", 428, 3), ("allow", "a", 429, 3)]


@hidden(expected=_replay_sim({"a": (7, 3)}, (100, 100), RETRY))
def retry_after_rounds_up(m):
    """7 tokens/s: 1 token needs ceil(1000 / 7) = 143 ms, 3 tokens ceil(3000 / 7) = 429 ms"""
    return _replay(m, {"a": (7, 3)}, (100, 100), RETRY)


@hidden(expected=[True, True, False, 1000, 2000, False, True])
def retry_after_takes_the_longer_wait(m):
    """tenant (4/s, burst 5) keeps 3 tokens while global (1/s, burst 2) is empty: the waits are global's,
    1000 ms for cost 1 and 2000 ms for cost 2"""
    ops = [("allow", "a", 0, 1), ("allow", "a", 0, 1), ("allow", "a", 0, 1), ("retry", "a", 0, 1),
           ("retry", "a", 0, 2), ("allow", "a", 1999, 2), ("allow", "a", 2000, 2)]
    return _replay(m, {"a": (4, 5)}, (1, 2), ops)
