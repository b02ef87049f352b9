import hashlib
import math
import struct
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _ModelBloom:
    """Independent model for expected values: struct-unpacked digest halves and a set of set bits."""

    def __init__(self, m, k):
        self.m, self.k, self.bits = m, k, set()

    def positions(self, item):
        h1, h2 = struct.unpack(">QQ", hashlib.sha256(item.encode("utf-8")).digest()[:16])
        return [(h1 + i * (h2 | 1)) % self.m for i in range(self.k)]

    def add(self, item):
        self.bits.update(self.positions(item))

    def contains(self, item):
        return self.bits.issuperset(self.positions(item))

    def bit_count(self):
        return len(self.bits)


def _model_params(n, p):
    if n < 1 or not 0 < p < 1:
        raise ValueError("n >= 1 and 0 < p < 1")
    m = math.ceil(-n * math.log(p) / math.log(2) ** 2)
    return m, max(1, round(m / n * math.log(2)))


_MODEL = SimpleNamespace(BloomFilter=_ModelBloom, optimal_params=_model_params)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _positions_of(m, mm, k, items):
    bf = m.BloomFilter(mm, k)
    return [list(bf.positions(s)) for s in items]


def _params(m, n, p):
    try:
        return list(m.optimal_params(n, p))
    except ValueError:
        return "ValueError"


@sample(expected=[[35, 0, 29], [40, 47, 54], True, True, False, 6])
def example_from_prompt(m):
    """m = 64, k = 3: positions of "cat" and "dog", add both, then membership of cat, dog, emu and the bit count"""
    bf = m.BloomFilter(64, 3)
    out = [list(bf.positions("cat")), list(bf.positions("dog"))]
    bf.add("cat")
    bf.add("dog")
    return out + [bf.contains("cat"), bf.contains("dog"), bf.contains("emu"), bf.bit_count()]


@sample(expected=[[9586, 7], [2, 1], [22, 1], [958506, 7]])
def optimal_params_examples(m):
    """optimal_params for (1000, 0.01), (1, 0.5), (100, 0.9) and (100000, 0.01)"""
    return [_params(m, 1000, 0.01), _params(m, 1, 0.5), _params(m, 100, 0.9), _params(m, 100000, 0.01)]


@_expected_from_model(sample)
def positions_for_a_few_ids(m):
    """m = 1000, k = 5: the positions of five document ids"""
    return _positions_of(m, 1000, 5, ["doc:1", "doc:2", "doc:3", "user-42", "hello world"])


@_expected_from_model(hidden)
def positions_m_not_a_power_of_two(m):
    """m = 1,000,003 (a prime), k = 8: h1 + i * h2 exceeds 2**64, which must not wrap around"""
    return _positions_of(m, 1_000_003, 8, [f"item-{j}" for j in range(25)])


@_expected_from_model(hidden)
def h2_is_forced_odd(m):
    """m = 2**20, k = 6 on 40 items: about half of them have an even h2 before the | 1"""
    return _positions_of(m, 2**20, 6, [f"k{j}" for j in range(40)])


@_expected_from_model(hidden)
def k_larger_than_m(m):
    """m = 3, k = 10: positions repeat, and a repeated position is a single bit"""
    bf = m.BloomFilter(3, 10)
    out = [list(bf.positions("a")), list(bf.positions("b"))]
    bf.add("a")
    return out + [bf.bit_count(), bf.contains("a"), bf.contains("b")]


@_expected_from_model(hidden)
def single_bit_filter(m):
    """m = 1: every item maps to bit 0"""
    bf = m.BloomFilter(1, 4)
    out = [list(bf.positions("x")), bf.contains("x"), bf.bit_count()]
    bf.add("y")
    return out + [bf.contains("x"), bf.contains("anything"), bf.bit_count()]


@_expected_from_model(hidden)
def adding_twice_changes_nothing(m):
    bf = m.BloomFilter(256, 4)
    bf.add("same")
    first = bf.bit_count()
    bf.add("same")
    return [first, bf.bit_count(), bf.contains("same")]


@_expected_from_model(hidden)
def empty_and_non_ascii_strings(m):
    """the empty string and strings hashed through their UTF-8 bytes"""
    items = ["", "é", "naïve café", "東京", "emoji 🙂"]
    bf = m.BloomFilter(4099, 3)
    out = [list(bf.positions(s)) for s in items]
    for s in items[:3]:
        bf.add(s)
    return out + [[bf.contains(s) for s in items], bf.bit_count()]


@_expected_from_model(hidden)
def membership_needs_every_bit(m):
    """m = 40, k = 4 with 6 items added: 300 probes, most of them sharing some but not all bits"""
    bf = m.BloomFilter(40, 4)
    for s in ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]:
        bf.add(s)
    return [bf.contains(f"probe-{j}") for j in range(300)] + [bf.bit_count()]


@_expected_from_model(hidden)
def no_false_negatives_and_exact_false_positives(m):
    """optimal_params(2000, 0.02), 2,000 items added: all found; false positives among 3,000 others"""
    mm, k = m.optimal_params(2000, 0.02)
    bf = m.BloomFilter(mm, k)
    for j in range(2000):
        bf.add(f"in:{j}")
    found = all(bf.contains(f"in:{j}") for j in range(2000))
    false_pos = sum(bf.contains(f"out:{j}") for j in range(3000))
    return [mm, k, found, false_pos, bf.bit_count()]


@_expected_from_model(hidden)
def optimal_params_table(m):
    """m and k for a grid of n and p, including k rounding down, rounding up and clamped to 1"""
    return [_params(m, n, p) for n in (1, 7, 100, 12345) for p in (0.9, 0.5, 0.3, 0.1, 0.05, 0.001, 1e-6)]


@_expected_from_model(hidden)
def optimal_params_rejects_bad_arguments(m):
    return [_params(m, 0, 0.1), _params(m, 10, 0.0), _params(m, 10, 1.0), _params(m, 10, -0.5),
            _params(m, 10, 1.5), _params(m, 1, 0.999)]


# Independent checks of the reference itself (plain pytest only).
def test_positions_match_struct_unpack(solution):
    import hashlib
    import struct

    bf = solution.BloomFilter(999983, 7)
    for j in range(500):
        item = f"x{j}"
        h1, h2 = struct.unpack(">QQ", hashlib.sha256(item.encode()).digest()[:16])
        h2 |= 1
        assert bf.positions(item) == [(h1 + i * h2) % 999983 for i in range(7)]


def test_observed_false_positive_rate_is_near_target(solution):
    m, k = solution.optimal_params(5000, 0.01)
    bf = solution.BloomFilter(m, k)
    for j in range(5000):
        bf.add(f"member-{j}")
    rate = sum(bf.contains(f"stranger-{j}") for j in range(20000)) / 20000
    assert 0.005 < rate < 0.02


def test_optimal_params_are_not_on_a_rounding_edge():
    """Every tested case is far from a rounding boundary, so any float evaluation order agrees."""
    import math

    cases = [(1000, 0.01), (1, 0.5), (100, 0.9), (100000, 0.01), (2000, 0.02), (1, 0.999)]
    cases += [(n, p) for n in (1, 7, 100, 12345) for p in (0.9, 0.5, 0.3, 0.1, 0.05, 0.001, 1e-6)]
    for n, p in cases:
        raw_m = -n * math.log(p) / math.log(2) ** 2
        assert abs(raw_m - round(raw_m)) > 1e-6, (n, p)
        raw_k = math.ceil(raw_m) / n * math.log(2)
        assert abs(raw_k - math.floor(raw_k) - 0.5) > 1e-6, (n, p)
