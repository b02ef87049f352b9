import numpy as np

from coding_katas.scenarios import hidden, sample

# Vectors in the tie and threshold scenarios have norms that are powers of two (or zero), so every
# similarity is exact in floating point however it is computed, and equal similarities are equal.
E0, E1, E2, E3 = ([1.0 if i == j else 0.0 for i in range(4)] for j in range(4))
ONES = [1.0, 1.0, 1.0, 1.0]  # cosine 0.5 with each E_i


class FakeClock:
    """A clock the scenario moves by hand: clock() returns .now."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def _replay(m, capacity, threshold, ttl, events, start=0.0):
    """events: ("at", t) moves the clock; ("put", vector, value), ("get", vector), ("len",) call the
    cache. Returns what each get and len produced, in order."""
    clock = FakeClock(start)
    cache = m.SemanticCache(capacity, threshold, ttl, clock=clock)
    out = []
    for ev in events:
        if ev[0] == "at":
            clock.now = ev[1]
        elif ev[0] == "put":
            cache.put(np.array(ev[1], dtype=float), ev[2])
        elif ev[0] == "get":
            out.append(cache.get(np.array(ev[1], dtype=float)))
        else:
            out.append(len(cache))
    return out


class _ModelCache:
    """An independent model for expected values: a plain list of entries with explicit last-use stamps,
    expiry filtered on every call, eviction by the smallest stamp, best match by (similarity, stamp)."""

    def __init__(self, capacity, threshold, ttl, clock):
        self.capacity, self.threshold, self.ttl, self.clock = capacity, threshold, ttl, clock
        self.entries, self.stamp = [], 0

    def _live(self):
        now = self.clock()
        self.entries = [e for e in self.entries if now - e["put"] < self.ttl]
        self.stamp += 1
        return now

    def put(self, vec, value):
        now = self._live()
        self.entries.append({"vec": np.array(vec, dtype=float), "value": value, "put": now, "used": self.stamp})
        if len(self.entries) > self.capacity:
            del self.entries[min(range(len(self.entries)), key=lambda j: self.entries[j]["used"])]

    def get(self, q):
        self._live()

        def cos(v):
            n = np.linalg.norm(q) * np.linalg.norm(v)
            return 0.0 if n == 0 else float(q @ v) / n

        if not self.entries:
            return None
        best = max(self.entries, key=lambda e: (cos(e["vec"]), e["used"]))
        if cos(best["vec"]) < self.threshold:
            return None
        best["used"] = self.stamp
        return best["value"]

    def __len__(self):
        self._live()
        return len(self.entries)


class _Model:
    SemanticCache = _ModelCache


@sample(expected=["B", "A", None, "C", None, 1])
def example_from_prompt(m):
    """capacity 2, threshold 0.5, ttl 10: a tie, a hit, an eviction, a miss, a tie, an expiry"""
    events = [("put", E0, "A"), ("at", 1.0), ("put", E1, "B"), ("at", 2.0), ("get", ONES), ("at", 3.0),
              ("get", [2.0, 0.0, 0.0, 0.0]), ("at", 4.0), ("put", E2, "C"), ("at", 5.0), ("get", E1),
              ("at", 6.0), ("get", ONES), ("at", 10.0), ("get", E0), ("len",)]
    return _replay(m, 2, 0.5, 10.0, events)


@sample(expected=["A", "A", 1, None, 0])
def hits_do_not_extend_the_ttl(m):
    """ttl 5: entry put at t = 0 and hit at t = 2 and 4.5 still expires at exactly t = 5"""
    events = [("put", E0, "A"), ("at", 2.0), ("get", E0), ("at", 4.5), ("get", E0), ("len",), ("at", 5.0),
              ("get", E0), ("len",)]
    return _replay(m, 4, 0.9, 5.0, events)


@sample(expected=["b", "a", "a", "a2", "a2", 3])
def ties_go_to_the_most_recently_used(m):
    """[1, 1, 1, 1] scores 0.5 with both E0 = [1, 0, 0, 0] and E1 = [0, 1, 0, 0]; E0 is then put again"""
    events = [("put", E0, "a"), ("at", 1.0), ("put", E1, "b"), ("get", ONES), ("at", 2.0), ("get", E0),
              ("get", ONES), ("at", 3.0), ("put", E0, "a2"), ("get", [4.0, 0.0, 0.0, 0.0]), ("get", ONES),
              ("len",)]
    return _replay(m, 3, 0.5, 100.0, events)


_SIMILARITY_EXACTLY_AT_THE_THRESHOLD_IS_A_HIT = [
    ("put", E0, "hit"), ("get", ONES), ("get", [1.0, -1.0, -1.0, -1.0]), ("at", 1.0),
    ("put", [0.5, -0.5, 0.5, 0.5], "quarter"), ("get", [-1.0, 1.0, 1.0, 1.0]), ("len",)
]


@hidden(expected=_replay(_Model, 4, 0.5, 10.0, _SIMILARITY_EXACTLY_AT_THE_THRESHOLD_IS_A_HIT))
def similarity_exactly_at_the_threshold_is_a_hit(m):
    """threshold 0.5: [1, 1, 1, 1] and [1, -1, -1, -1] score exactly 0.5 with [1, 0, 0, 0] (hits); [-1, 1, 1, 1] scores at most 0.0 (a miss)"""
    return _replay(m, 4, 0.5, 10.0, _SIMILARITY_EXACTLY_AT_THE_THRESHOLD_IS_A_HIT)


_ENTRY_EXACTLY_TTL_OLD_IS_EXPIRED = [
    ("put", E0, "a"), ("at", 0.5), ("put", E1, "b"), ("at", 2.4375), ("get", E0), ("len",), ("at", 2.5), ("get", E0),
    ("get", E1), ("len",), ("at", 3.0), ("get", E1), ("len",)
]


@hidden(expected=_replay(_Model, 5, 0.5, 2.5, _ENTRY_EXACTLY_TTL_OLD_IS_EXPIRED))
def entry_exactly_ttl_old_is_expired(m):
    """ttl 2.5: entries put at 0 and 0.5 vanish at exactly 2.5 and 3.0"""
    return _replay(m, 5, 0.5, 2.5, _ENTRY_EXACTLY_TTL_OLD_IS_EXPIRED)


_EXPIRED_ENTRY_FREES_ROOM_BEFORE_EVICTION = [
    ("put", E0, "A"), ("at", 1.0), ("put", E1, "B"), ("at", 2.0), ("get", E0), ("at", 6.0), ("put", E2, "C"),
    ("get", E1), ("get", E2), ("get", E0), ("len",)
]


@hidden(expected=_replay(_Model, 2, 0.75, 5.5, _EXPIRED_ENTRY_FREES_ROOM_BEFORE_EVICTION))
def expired_entry_frees_room_before_eviction(m):
    """capacity 2, ttl 5.5: A (put 0, hit at 2) expires at 5.5; putting C at 6 must keep B, not evict it"""
    return _replay(m, 2, 0.75, 5.5, _EXPIRED_ENTRY_FREES_ROOM_BEFORE_EVICTION)


_MISS_DOES_NOT_CHANGE_RECENCY = [
    ("put", ONES, "A"), ("at", 1.0), ("put", E1, "B"), ("get", E0), ("at", 2.0), ("put", E2, "C"), ("get", ONES),
    ("get", E1), ("get", E2), ("len",)
]


@hidden(expected=_replay(_Model, 2, 0.75, 100.0, _MISS_DOES_NOT_CHANGE_RECENCY))
def miss_does_not_change_recency(m):
    """capacity 2, threshold 0.75: a query closest to the LRU entry A (0.5) but below the threshold must not save A from eviction"""
    return _replay(m, 2, 0.75, 100.0, _MISS_DOES_NOT_CHANGE_RECENCY)


_LRU_EVICTION_ORDER = [
    ("put", E0, 0), ("put", E1, 1), ("put", E2, 2), ("get", E0), ("put", E3, 3), ("get", E1), ("get", E0),
    ("put", [-1.0, 0.0, 0.0, 0.0], 4), ("get", E2), ("get", E3), ("get", E0), ("get", [-2.0, 0.0, 0.0, 0.0]), ("len",)
]


@hidden(expected=_replay(_Model, 3, 0.9, 100.0, _LRU_EVICTION_ORDER))
def lru_eviction_order(m):
    """capacity 3: hits reorder the entries, puts evict the least recently used one each time"""
    return _replay(m, 3, 0.9, 100.0, _LRU_EVICTION_ORDER)


@hidden(expected=[["x", None, "x"], np.array([0.0, 1.0, 0.0, 0.0]), np.array([3.0, 0.0, 0.0, 0.0])])
def cache_keeps_its_own_copy(m):
    """the caller changes its array after put and after get; neither the cache nor the query may change"""
    clock = FakeClock()
    cache = m.SemanticCache(4, 0.9, 10.0, clock=clock)
    stored = np.array([1.0, 0.0, 0.0, 0.0])
    cache.put(stored, "x")
    stored[:] = [0.0, 1.0, 0.0, 0.0]
    query = np.array([3.0, 0.0, 0.0, 0.0])
    out = [cache.get(np.array([1.0, 0.0, 0.0, 0.0])), cache.get(np.array([0.0, 1.0, 0.0, 0.0])),
           cache.get(query)]
    return [out, stored, query]


_ZERO_EVENTS = [
    ("put", [0.0, 0.0, 0.0, 0.0], "zero"), ("get", E0), ("get", [0.0, 0.0, 0.0, 0.0]),
    ("put", [-1.0, 0.0, 0.0, 0.0], "neg"), ("get", [0.0, 0.0, 0.0, 0.0])
]


# By hand: every similarity here is 0.0 except E0 vs "neg" (-1.0); the tie at 0.0 goes to the most recent entry.
@hidden(expected=[[None, None, None], ["zero", "zero", "neg", "zero", "neg"]])
def zero_vectors_score_zero(m):
    """a zero query or a zero entry has similarity 0.0: a miss at threshold 0.25, a hit at threshold 0"""
    events = _ZERO_EVENTS
    strict = _replay(m, 3, 0.25, 10.0, events)
    loose = _replay(m, 3, 0.0, 10.0, events + [("get", E0), ("get", [-1.0, 0.0, 0.0, 0.0])])
    return [strict, loose]


_THRESHOLD_MINUS_ONE_ALWAYS_HITS = [
    ("get", E0), ("put", [-1.0, 0.0, 0.0, 0.0], "opposite"), ("get", E0), ("at", 3.0), ("get", E0), ("len",)
]


@hidden(expected=_replay(_Model, 2, -1.0, 3.0, _THRESHOLD_MINUS_ONE_ALWAYS_HITS))
def threshold_minus_one_always_hits(m):
    """threshold -1: any live entry is a hit, even an opposite vector; an empty cache still misses"""
    return _replay(m, 2, -1.0, 3.0, _THRESHOLD_MINUS_ONE_ALWAYS_HITS)


_CAPACITY_ONE = [("put", E0, "a"), ("put", E1, "b"), ("get", E0), ("get", E1), ("put", E1, "c"), ("get", E1), ("len",)]


@hidden(expected=_replay(_Model, 1, 0.5, 10.0, _CAPACITY_ONE))
def capacity_one(m):
    return _replay(m, 1, 0.5, 10.0, _CAPACITY_ONE)


_MAGNITUDE_DOES_NOT_MATTER = [
    ("put", [0.25, 0.25, 0.25, 0.25], "small"), ("put", [0.0, 0.0, 0.0, 8.0], "tall"),
    ("get", [100.0, 100.0, 100.0, 100.0]), ("get", [0.0, 0.0, 0.0, 0.0625])
]


@hidden(expected=_replay(_Model, 2, 0.99, 10.0, _MAGNITUDE_DOES_NOT_MATTER))
def magnitude_does_not_matter(m):
    """vectors pointing the same way have similarity 1.0 whatever their length"""
    return _replay(m, 2, 0.99, 10.0, _MAGNITUDE_DOES_NOT_MATTER)


def _pools():
    """Entry and query vectors in {-1, 0, 1}^6 with 1 or 4 non-zero coordinates (norm 1 or 2), so every
    similarity is a multiple of 0.25, exact however it is computed: ties between different vectors
    and similarities exactly at the threshold 0.5 are common."""
    rng = np.random.default_rng(21)

    def draw(n):
        out = np.zeros((n, 6))
        for row in out:
            nz = rng.choice(6, size=rng.choice([1, 4]), replace=False)
            row[nz] = rng.choice([-1.0, 1.0], size=len(nz))
        return out

    entries = draw(10)
    queries = np.concatenate([entries[:4], draw(6), np.zeros((1, 6))])
    return entries, queries


def _long_events():
    import random

    entries, queries = _pools()
    rng = random.Random(4)
    events, now = [], 0.0
    for i in range(2500):
        if rng.random() < 0.3:
            now += rng.randrange(0, 8) / 8
            events.append(("at", now))
        r = rng.random()
        if r < 0.4:
            events.append(("put", entries[rng.randrange(10)].tolist(), i))
        elif r < 0.95:
            events.append(("get", queries[rng.randrange(11)].tolist()))
        else:
            events.append(("len",))
    return events


@hidden(expected=_replay(_Model, 5, 0.5, 3.0, _long_events()))
def long_random_sequence(m):
    """2,500 operations on pooled 6-D vectors with exact similarities (many ties); capacity 5, ttl 3, threshold 0.5"""
    return _replay(m, 5, 0.5, 3.0, _long_events())


# Independent checks of the reference itself (plain pytest only).
def test_pool_similarities_are_exact_quarters():
    entries, queries = _pools()

    def norms(a):
        return np.where(np.linalg.norm(a, axis=-1) == 0, 1.0, np.linalg.norm(a, axis=-1))

    sims = (queries @ entries.T) / norms(queries)[:, None] / norms(entries)[None, :]
    assert np.all(sims * 4 == np.round(sims * 4))
    assert (sims == 0.5).any()


def test_matches_brute_force_model(solution):
    """A list of entries with explicit last-use stamps instead of an ordered structure."""
    import random

    entries, queries = _pools()
    rng = random.Random(8)
    clock = FakeClock()
    capacity, threshold, ttl = 4, 0.5, 2.5
    cache = solution.SemanticCache(capacity, threshold, ttl, clock=clock)
    model, stamp = [], 0  # dicts: vec, value, put, used

    def cos(a, b):
        n = np.linalg.norm(a) * np.linalg.norm(b)
        return 0.0 if n == 0 else float(a @ b) / n

    for i in range(4000):
        clock.now += rng.randrange(0, 6) / 8
        model = [e for e in model if clock.now - e["put"] < ttl]
        stamp += 1
        if rng.random() < 0.4:
            vec = entries[rng.randrange(10)]
            cache.put(vec, i)
            model.append({"vec": vec, "value": i, "put": clock.now, "used": stamp})
            if len(model) > capacity:
                del model[min(range(len(model)), key=lambda j: model[j]["used"])]
        else:
            q = queries[rng.randrange(11)]
            expected = None
            if model:
                best = max(model, key=lambda e: (round(cos(q, e["vec"]), 9), e["used"]))
                if cos(q, best["vec"]) >= threshold:
                    best["used"] = stamp
                    expected = best["value"]
            assert cache.get(q) == expected
        assert len(cache) == len(model)
