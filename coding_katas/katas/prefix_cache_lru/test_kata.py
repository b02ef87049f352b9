import random

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _FlatSim, written independently: each cached block is stored under the
# flat tuple of all tokens up to its end, in a plain list of records; a block is a leaf when no cached record
# is exactly one block longer and starts with it.


class _FlatSim:
    def __init__(self, block_size, capacity):
        self.b, self.cap = block_size, capacity
        self.records = []  # dicts: prefix (tuple), used, order
        self.time = 0
        self.count = 0

    def _find(self, prefix):
        return next((r for r in self.records if r["prefix"] == prefix), None)

    def _is_leaf(self, rec):
        n = len(rec["prefix"])
        return not any(len(o["prefix"]) == n + self.b and o["prefix"][:n] == rec["prefix"] for o in self.records)

    def run(self, op, tokens=()):
        if op == "len":
            return len(self.records)
        self.time += 1
        blocks = len(tokens) // self.b
        if op == "match":
            hit = 0
            while hit < blocks:
                rec = self._find(tuple(tokens[:(hit + 1) * self.b]))
                if rec is None:
                    break
                rec["used"] = self.time
                hit += 1
            return min(hit * self.b, (len(tokens) - 1) // self.b * self.b)
        added = 0
        for j in range(blocks):
            prefix = tuple(tokens[:(j + 1) * self.b])
            rec = self._find(prefix)
            if rec is not None:
                rec["used"] = self.time
                continue
            if len(self.records) >= self.cap:
                victims = sorted((r for r in self.records if r["used"] < self.time and self._is_leaf(r)),
                                 key=lambda r: (r["used"], r["order"]))
                if not victims:
                    break
                self.records.remove(victims[0])
            self.records.append({"prefix": prefix, "used": self.time, "order": self.count})
            self.count += 1
            added += 1
        return added


def _expected(block_size, capacity, ops):
    sim = _FlatSim(block_size, capacity)
    return [sim.run(*op) for op in ops]


def _replay(m, block_size, capacity, ops):
    cache = m.PrefixCache(block_size, capacity)
    out = []
    for op in ops:
        if op[0] == "len":
            out.append(len(cache))
        else:
            out.append(getattr(cache, op[0])(list(op[1])))
    return out


EXAMPLE = [("insert", [1, 2, 3, 4, 5]), ("match", [1, 2, 3, 4, 9, 9]), ("match", [1, 2, 3, 4]),
           ("insert", [7, 8, 1, 2]), ("len",), ("match", [1, 2, 3, 4, 5, 6])]


@sample(expected=[2, 4, 2, 2, 3, 2])
def prompt_example(m):
    """block size 2, capacity 3: partial blocks are not cached; the last token is always recomputed; LRU leaf
    eviction"""
    return _replay(m, 2, 3, EXAMPLE)


SHORT = [("insert", [5, 6]), ("match", [5]), ("insert", [9]), ("len",), ("match", [5, 6, 7, 8]), ("match", [5, 6])]


@sample(expected=[0, 0, 0, 0, 0, 0])
def shorter_than_a_block(m):
    """block size 4: nothing shorter than 4 tokens is ever cached or matched"""
    return _replay(m, 4, 10, SHORT)


LONG = [("insert", list(range(12))), ("len",), ("match", list(range(12)) + [99]), ("insert", [50, 51, 52, 53]),
        ("len",), ("match", [50, 51, 52, 53, 54])]


@sample(expected=[2, 2, 4, 2, 2, 4])
def path_longer_than_capacity(m):
    """block size 2, capacity 2: inserting 6 blocks stops after 2 (a call never evicts its own path); a later
    insert evicts them leaf first"""
    return _replay(m, 2, 2, LONG)


TREE = [("insert", [1, 1, 2, 2, 3, 3]), ("insert", [1, 1, 2, 2, 4, 4]), ("insert", [1, 1, 5, 5]), ("len",),
        ("match", [1, 1, 2, 2, 3, 3, 0]), ("insert", [9, 9]), ("len",), ("match", [1, 1, 2, 2, 4, 4, 0]),
        ("match", [1, 1, 5, 5, 0]), ("match", [1, 1, 2, 2, 3, 3, 0])]


@hidden(expected=_expected(2, 5, TREE))
def match_refreshes_recency(m):
    """a tree of 5 blocks at capacity; matching the [3, 3] branch makes [4, 4] the LRU leaf"""
    return _replay(m, 2, 5, TREE)


SAME_BLOCK = [("insert", [1, 2, 3, 4]), ("insert", [9, 9, 3, 4]), ("len",), ("match", [9, 9, 3, 4, 0]),
              ("match", [3, 4, 0])]


@hidden(expected=_expected(2, 10, SAME_BLOCK))
def same_tokens_under_different_parents(m):
    """block (3, 4) after (1, 2) and after (9, 9) are different keys; (3, 4) alone was never cached"""
    return _replay(m, 2, 10, SAME_BLOCK)


def _workload(seed, n_ops, vocab, prefixes):
    rng = random.Random(seed)
    bases = [[rng.randrange(vocab) for _ in range(rng.randint(4, 12))] for _ in range(prefixes)]
    ops = []
    for _ in range(n_ops):
        tokens = rng.choice(bases) + [rng.randrange(vocab) for _ in range(rng.randint(0, 9))]
        ops.append((rng.choice(["insert", "insert", "match", "len"]), tokens))
    return [(op,) if op == "len" else (op, toks) for op, toks in ops]


RANDOM = _workload(1, 150, 6, 4)


@hidden(expected=_expected(3, 12, RANDOM))
def random_chat_workload(m):
    """150 random inserts/matches over 4 shared system prompts plus random suffixes; block size 3, capacity 12"""
    return _replay(m, 3, 12, RANDOM)


TIGHT = _workload(2, 120, 3, 3)


@hidden(expected=_expected(2, 4, TIGHT))
def tight_capacity(m):
    """a 3-token vocabulary (many shared blocks), block size 2, capacity 4: constant eviction"""
    return _replay(m, 2, 4, TIGHT)


ONE = [("insert", [1, 2]), ("insert", [3, 4]), ("match", [1, 2, 0]), ("match", [3, 4, 0]), ("insert", [3, 4, 5, 6]),
       ("len",), ("match", [3, 4, 5, 6, 0])]


@hidden(expected=_expected(2, 1, ONE))
def capacity_one(m):
    """a single block: each new prefix replaces the last unless it is the call's own parent"""
    return _replay(m, 2, 1, ONE)
