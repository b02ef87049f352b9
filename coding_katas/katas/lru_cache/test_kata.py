from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _ListLRU:
    """Independent model for expected values: a dict for values and a Python list of keys, least recent first."""

    def __init__(self, capacity):
        self.capacity, self.values, self.order = capacity, {}, []

    def _touch(self, key):
        if key in self.order:
            self.order.remove(key)
        self.order.append(key)

    def get(self, key):
        if key not in self.values:
            return None
        self._touch(key)
        return self.values[key]

    def put(self, key, value):
        self.values[key] = value
        self._touch(key)
        if len(self.order) > self.capacity:
            del self.values[self.order.pop(0)]

    def __len__(self):
        return len(self.values)


_MODEL = SimpleNamespace(LRUCache=_ListLRU)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _replay(m, capacity, ops):
    """Run ("put", k, v) / ("get", k) / ("len",) operations and return what each one produced."""
    cache = m.LRUCache(capacity)
    out = []
    for op in ops:
        if op[0] == "put":
            out.append(cache.put(op[1], op[2]))
        elif op[0] == "get":
            out.append(cache.get(op[1]))
        else:
            out.append(len(cache))
    return out


@sample(expected=[None, None, 1, None, None, 3, 2])
def example_from_prompt(m):
    """capacity 2: put a, put b, get a, put c (evicts b), get b, get c, len"""
    ops = [("put", "a", 1), ("put", "b", 2), ("get", "a"), ("put", "c", 3), ("get", "b"), ("get", "c"), ("len",)]
    return _replay(m, 2, ops)


@sample(expected=[None, None, None, 20, 1])
def capacity_one(m):
    ops = [("put", 1, 10), ("put", 2, 20), ("get", 1), ("get", 2), ("len",)]
    return _replay(m, 1, ops)


@sample(expected=[None, None, None, None, "A2", None, "C", 2])
def update_refreshes_recency(m):
    """capacity 2: put a, put b, put a again (now most recent), put c evicts b"""
    ops = [("put", "a", "A"), ("put", "b", "B"), ("put", "a", "A2"), ("put", "c", "C"),
           ("get", "a"), ("get", "b"), ("get", "c"), ("len",)]
    return _replay(m, 2, ops)


@_expected_from_model(hidden)
def update_does_not_evict(m):
    ops = [("put", "x", 1), ("put", "y", 2), ("put", "x", 3), ("put", "y", 4), ("len",), ("get", "x"), ("get", "y")]
    return _replay(m, 2, ops)


@_expected_from_model(hidden)
def miss_does_not_change_order(m):
    ops = [("put", 1, "one"), ("put", 2, "two"), ("get", 99), ("put", 3, "three"), ("get", 1), ("get", 2), ("get", 3)]
    return _replay(m, 2, ops)


@_expected_from_model(hidden)
def get_refreshes_before_eviction(m):
    ops = [("put", 1, 1), ("put", 2, 2), ("put", 3, 3), ("get", 1), ("put", 4, 4),
           ("get", 2), ("get", 1), ("get", 3), ("get", 4), ("len",)]
    return _replay(m, 3, ops)


@_expected_from_model(hidden)
def long_random_sequence(m):
    """2,000 random operations against capacity 7"""
    import random

    rng = random.Random(5)
    ops = []
    for i in range(2000):
        key = rng.randrange(15)
        ops.append(("put", key, i) if rng.random() < 0.5 else ("get", key))
    ops.append(("len",))
    return _replay(m, 7, ops)


@_expected_from_model(hidden)
def falsy_values_are_values(m):
    ops = [("put", "z", 0), ("put", "e", ""), ("get", "z"), ("get", "e"), ("len",)]
    return _replay(m, 2, ops)
