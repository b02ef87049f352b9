import random

from coding_katas.scenarios import hidden, sample


class ScriptedRandom(random.Random):
    """A random.Random whose draws are scripted: randrange(n) returns (5 t + 3) mod n on call t and
    records n; random() returns the next value of `values`, cycling."""

    def __init__(self, values=(0.5,)):
        super().__init__(0)
        self.values, self.t, self.calls = list(values), 0, []

    def randrange(self, start, stop=None, step=1):
        n = start if stop is None else stop - start
        offset = 0 if stop is None else start
        self.calls.append(n)
        j = (5 * len(self.calls) - 2) % n
        return offset + j

    def random(self):
        u = self.values[self.t % len(self.values)]
        self.t += 1
        return u


def _r(stream, k, rng):
    """Algorithm R as the prompt states it (slots filled in order, then randrange(i + 1) per item)."""
    slots = []
    for i, x in enumerate(stream):
        if i < k:
            slots.append(x)
        else:
            j = rng.randrange(i + 1)
            if j < k:
                slots[j] = x
    return slots


def _ares(pairs, k, rng):
    """A-Res without a heap: one u per pair, then all keys sorted (key descending, earlier first on ties)."""
    keyed = [(rng.random() ** (1 / w), -i, x) for i, (x, w) in enumerate(pairs)]
    return [x for _, _, x in sorted(keyed, key=lambda t: (t[0], t[1]), reverse=True)[:k]]


def _after(fn, seed):
    """fn(rng) and the rng's next random() value."""
    rng = random.Random(seed)
    return [fn(rng), rng.random()]


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=[5, 1, 6])
def algorithm_r_example(m):
    """reservoir_sample(range(10), k=3, random.Random(0))"""
    return m.reservoir_sample(range(10), 3, random.Random(0))


@sample(expected=["b", "c"])
def weighted_example(m):
    """weighted_reservoir_sample of a..e with weights 1, 5, 1, 0.5, 2, k=2, random.Random(1)"""
    pairs = [("a", 1.0), ("b", 5.0), ("c", 1.0), ("d", 0.5), ("e", 2.0)]
    return m.weighted_reservoir_sample(pairs, 2, random.Random(1))


@sample(expected=[["x", "y"], random.Random(2).random()])
def stream_shorter_than_k(m):
    """Algorithm R with k=5 on ["x", "y"]: both items, and no draw (the rng's next value shows it)"""
    rng = random.Random(2)
    out = m.reservoir_sample(["x", "y"], 5, rng)
    return [out, rng.random()]


@hidden(expected=[_r(range(100, 112), 4, ScriptedRandom()), list(range(5, 13))])
def algorithm_r_draw_arguments(m):
    """a scripted rng records every randrange bound: exactly i + 1 for i = k..n-1, and replaces slot j < k"""
    rng = ScriptedRandom()
    out = m.reservoir_sample(range(100, 112), 4, rng)
    return [out, rng.calls]


@hidden(expected=_after(lambda rng: _r(range(1000), 10, rng), 7))
def algorithm_r_one_draw_per_item(m):
    """1,000 items, k=10: the sample and the rng's next value"""
    rng = random.Random(7)
    out = m.reservoir_sample(range(1000), 10, rng)
    return [out, rng.random()]


@hidden(expected=_r([x * x for x in range(50)], 5, random.Random(8)))
def algorithm_r_generator_stream(m):
    """the stream is a generator: one pass, no len()"""
    return m.reservoir_sample((x * x for x in range(50)), 5, random.Random(8))


@hidden(expected=[[], [], random.Random(9).random()])
def k_zero_draws_nothing(m):
    rng = random.Random(9)
    a = m.reservoir_sample(range(20), 0, rng)
    b = m.weighted_reservoir_sample([(i, 1.0) for i in range(20)], 0, rng)
    return [a, b, rng.random()]


@hidden(comparator={"kind": "exact"}, expected=["ValueError"] * 6)
def invalid_arguments_raise(m):
    """k < 0 for both; weights 0, -1, inf and nan"""
    def weighted(w):
        return lambda: m.weighted_reservoir_sample([("a", 1.0), ("b", w), ("c", 1.0)], 2, random.Random(0))

    return [_outcome(lambda: m.reservoir_sample(range(5), -1, random.Random(0))),
            _outcome(lambda: m.weighted_reservoir_sample([("a", 1.0)], -1, random.Random(0))),
            _outcome(weighted(0.0)), _outcome(weighted(-1.0)),
            _outcome(weighted(float("inf"))), _outcome(weighted(float("nan")))]


@hidden(expected=_r(range(100_000), 20, random.Random(10)))
def algorithm_r_long_stream(m):
    """100,000 items, k=20"""
    return m.reservoir_sample(range(100_000), 20, random.Random(10))


@hidden(expected=[_r("abcdefghijklmnop", 4, random.Random(11)),
                  _ares([(c, float(i + 1)) for i, c in enumerate("abcdefgh")], 3, random.Random(12)),
                  list("abcdefghijklmnop"), [(c, float(i + 1)) for i, c in enumerate("abcdefgh")]])
def input_list_is_not_modified(m):
    data = list("abcdefghijklmnop")
    pairs = [(c, float(i + 1)) for i, c in enumerate("abcdefgh")]
    a = m.reservoir_sample(data, 4, random.Random(11))
    b = m.weighted_reservoir_sample(pairs, 3, random.Random(12))
    return [a, b, data, pairs]


@hidden(expected=[[{"id": "d"}, {"id": "a"}], [{"id": "d"}, {"id": "f"}, {"id": "a"}], ["p", "q", "r"]])
def weighted_equal_keys(m):
    """scripted u values, unit weights: an equal key never enters, the latest of the tied smallest goes first,
    ties keep stream order, and the items (dicts) are never compared"""
    def items(names):
        return [({"id": c}, 1.0) for c in names]

    first = m.weighted_reservoir_sample(items("abcde"), 2, ScriptedRandom([0.5, 0.5, 0.5, 0.9, 0.5]))
    second = m.weighted_reservoir_sample(items("abcdef"), 3, ScriptedRandom([0.5, 0.5, 0.5, 0.9, 0.5, 0.7]))
    third = m.weighted_reservoir_sample([(c, 2.0) for c in "pqrs"], 3, ScriptedRandom([0.3, 0.3, 0.3, 0.3]))
    return [first, second, third]


@hidden(expected=["w4", "w3", "w2"])
def heavier_items_get_larger_keys(m):
    """every u is 0.25: the key u ** (1 / w) grows with the weight"""
    pairs = [("w1", 1.0), ("w4", 4.0), ("w2", 2.0), ("w05", 0.5), ("w3", 3.0)]
    return m.weighted_reservoir_sample(pairs, 3, ScriptedRandom([0.25]))


@hidden(expected=_after(lambda rng: _ares([(i, 1.0 + (i % 7)) for i in range(50)], 5, rng), 13))
def weighted_one_draw_per_pair(m):
    """50 pairs, k=5: one draw for every pair, also while the reservoir fills"""
    rng = random.Random(13)
    out = m.weighted_reservoir_sample([(i, 1.0 + (i % 7)) for i in range(50)], 5, rng)
    return [out, rng.random()]


@hidden(expected=_after(lambda rng: _ares([("x", 1.0), ("y", 0.2), ("z", 9.0)], 10, rng), 14))
def weighted_stream_shorter_than_k(m):
    """3 pairs, k=10: all three by key descending, and three draws"""
    rng = random.Random(14)
    out = m.weighted_reservoir_sample([("x", 1.0), ("y", 0.2), ("z", 9.0)], 10, rng)
    return [out, rng.random()]


def _long_pairs():
    wr = random.Random(15)
    return [(i, 10 ** wr.uniform(-2, 2)) for i in range(20_000)]


@hidden(expected=_ares(_long_pairs(), 25, random.Random(16)))
def weighted_long_generator_stream(m):
    """20,000 pairs from a generator with weights from 0.01 to 100, k=25"""
    wr = random.Random(15)
    pairs = ((i, 10 ** wr.uniform(-2, 2)) for i in range(20_000))
    return m.weighted_reservoir_sample(pairs, 25, random.Random(16))


# Independent checks of the reference itself (plain pytest only).
def test_algorithm_r_is_uniform(solution):
    counts = [0] * 10
    rng = random.Random(0)
    for _ in range(20_000):
        for x in solution.reservoir_sample(range(10), 3, rng):
            counts[x] += 1
    assert all(abs(c / 20_000 - 0.3) < 0.015 for c in counts)


def test_weighted_matches_sorting_all_keys(solution):
    for seed in range(30):
        wr = random.Random(100 + seed)
        pairs = [(i, wr.uniform(0.1, 5.0)) for i in range(wr.randint(1, 60))]
        k = wr.randint(1, 12)
        rng = random.Random(seed)
        keys = [(rng.random() ** (1 / w), -i, i) for i, w in pairs]
        expected = [i for _, _, i in sorted(keys, reverse=True)[:k]]
        assert solution.weighted_reservoir_sample(pairs, k, random.Random(seed)) == expected


def test_weighted_first_pick_is_proportional_to_weight(solution):
    weights = [1.0, 2.0, 3.0, 4.0]
    counts = [0] * 4
    rng = random.Random(1)
    for _ in range(20_000):
        counts[solution.weighted_reservoir_sample(list(enumerate(weights)), 1, rng)[0]] += 1
    assert all(abs(c / 20_000 - w / 10) < 0.015 for c, w in zip(counts, weights, strict=True))
