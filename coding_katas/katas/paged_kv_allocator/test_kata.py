import random

from coding_katas.scenarios import hidden, sample

# Small scenarios are worked by hand. The random ones use _Model, written separately from the reference:
# it keeps the set of sequences holding each block (instead of reference counts) and takes min() of a free
# set (instead of a heap).


def _replay(cache_cls, num_blocks, block_size, ops):
    """Run ("alloc", s, n), ("append", s, n), ("fork", p, c), ("free", s), ("table", s), ("slot", s, i) and
    ("free_blocks",) operations; record each result, or the exception's class name."""
    cache = cache_cls(num_blocks, block_size)
    out = []
    for op in ops:
        try:
            if op[0] == "alloc":
                out.append(cache.allocate(op[1], op[2]))
            elif op[0] == "append":
                out.append(cache.append(op[1], op[2]))
            elif op[0] == "fork":
                out.append(cache.fork(op[1], op[2]))
            elif op[0] == "free":
                out.append(cache.free(op[1]))
            elif op[0] == "table":
                out.append(list(cache.block_table(op[1])))
            elif op[0] == "slot":
                out.append(cache.slot(op[1], op[2]))
            else:
                out.append(cache.num_free_blocks())
        except (MemoryError, KeyError, ValueError, IndexError) as exc:
            out.append(type(exc).__name__)
    return out


class _Model:
    def __init__(self, num_blocks, block_size):
        self.B, self.free_set, self.holders, self.tables, self.lengths = block_size, set(range(num_blocks)), {}, {}, {}

    def _need(self, n):
        return -(-n // self.B)

    def _take(self, n, owner):
        if n > len(self.free_set):
            raise MemoryError
        got = []
        for _ in range(n):
            b = min(self.free_set)
            self.free_set.remove(b)
            self.holders[b] = {owner}
            got.append(b)
        return got

    def _drop(self, b, owner):
        self.holders[b].discard(owner)
        if not self.holders[b]:
            self.free_set.add(b)

    def allocate(self, s, n):
        if s in self.tables:
            raise ValueError
        self.tables[s], self.lengths[s] = self._take(self._need(n), s), n

    def append(self, s, n):
        t, L = self.tables[s], self.lengths[s]
        copy = L % self.B != 0 and len(self.holders[t[-1]]) > 1
        got = self._take(copy + self._need(L + n) - self._need(L), s)
        if copy:
            self._drop(t[-1], s)
            t[-1] = got.pop(0)
        t += got
        self.lengths[s] = L + n

    def fork(self, p, c):
        if c in self.tables:
            raise ValueError
        for b in self.tables[p]:
            self.holders[b].add(c)
        self.tables[c], self.lengths[c] = list(self.tables[p]), self.lengths[p]

    def free(self, s):
        for b in self.tables.pop(s):
            self._drop(b, s)
        del self.lengths[s]

    def block_table(self, s):
        return self.tables[s]

    def slot(self, s, i):
        if not 0 <= i < self.lengths[s]:
            raise IndexError
        return self.tables[s][i // self.B] * self.B + i % self.B

    def num_free_blocks(self):
        return len(self.free_set)


PROMPT_OPS = [("alloc", "a", 3), ("table", "a"), ("slot", "a", 2), ("fork", "a", "b"), ("append", "b", 1),
              ("table", "b"), ("table", "a"), ("append", "a", 2), ("table", "a"), ("free_blocks",),
              ("append", "b", 1), ("table", "b"), ("free", "a"), ("free_blocks",), ("table", "b"), ("slot", "b", 3),
              ("slot", "b", 2)]


@sample(expected=[None, [0, 1], 2, None, None, [0, 2], [0, 1], None, [0, 1, 3], 0, "MemoryError", [0, 2], None, 2,
                  [0, 2], 5, 4])
def prompt_example(m):
    """the prompt's walk-through on 4 blocks of 2 slots, then slots 3 and 2 of "b" (length 4, table [0, 2])"""
    return _replay(m.PagedKVCache, 4, 2, PROMPT_OPS)


@sample(expected=[None, [0, 1, 2], 8, None, [3], 4, None, [3, 4], None, 3, [0, 1, 2]])
def allocate_append_and_slots(m):
    """8 blocks of 4: prompts of 10 and 4 tokens (one full block); 2 more tokens for the first fit its last block"""
    ops = [("alloc", 7, 10), ("table", 7), ("slot", 7, 8), ("alloc", 8, 4), ("table", 8), ("free_blocks",),
           ("append", 8, 1), ("table", 8), ("append", 7, 2), ("free_blocks",), ("table", 7)]
    return _replay(m.PagedKVCache, 8, 4, ops)


@sample(expected=[None, None, "MemoryError", 1, [0], "MemoryError", [0], 1, None, [0, 1]])
def out_of_blocks_changes_nothing(m):
    """2 blocks of 2: a second prompt of 3 tokens needs 2 blocks but 1 is free; an append of 3 needs 2"""
    ops = [("alloc", "x", 2), ("alloc", "y", 0), ("alloc", "z", 3), ("free_blocks",), ("table", "x"),
           ("append", "x", 3), ("table", "x"), ("free_blocks",), ("append", "x", 2), ("table", "x")]
    return _replay(m.PagedKVCache, 2, 2, ops)


@hidden(expected=[None, None, [0], None, [0, 1], None, [0, 1, 2], "ValueError", "KeyError", "KeyError", "KeyError",
                  "KeyError"])
def empty_prompt_and_errors(m):
    """a 0-token sequence takes its first block on append; duplicate ids and unknown ids raise"""
    ops = [("alloc", "s", 0), ("append", "s", 1), ("table", "s"), ("append", "s", 3), ("table", "s"),
           ("append", "s", 2), ("table", "s"), ("alloc", "s", 1), ("append", "nope", 1), ("free", "nope"),
           ("fork", "nope", "kid"), ("table", "nope")]
    return _replay(m.PagedKVCache, 5, 2, ops)


@hidden(expected=[None, None, None, None, [0, 1], [0, 1], [0, 2], 4, None, [0, 3], [0, 1], 3, None, 4, None, 5,
                  "ValueError"])
def forks_of_forks_and_full_blocks(m):
    """7 blocks of 2: "p" has 3 tokens, "q" forks it, "r" forks "q"; each append copies the shared half-full block;
    freeing "p" releases block 1 (no longer shared) but not block 0"""
    ops = [("alloc", "p", 3), ("fork", "p", "q"), ("fork", "q", "r"), ("append", "r", 1), ("table", "p"),
           ("table", "q"), ("table", "r"), ("free_blocks",), ("append", "q", 1), ("table", "q"), ("table", "p"),
           ("free_blocks",), ("free", "p"), ("free_blocks",), ("free", "q"), ("free_blocks",), ("fork", "r", "r")]
    return _replay(m.PagedKVCache, 7, 2, ops)


@hidden(expected=[None, None, None, None, None, [0, 1, 2, 3, 7], [4, 5, 6], 0])
def lowest_free_block_is_reused_first(m):
    """8 blocks of 2: "a" [0, 1], "b" [2, 3], "c" [4, 5, 6]; after freeing "b", 5 more tokens for "a" take 2, 3, 7"""
    ops = [("alloc", "a", 4), ("alloc", "b", 4), ("alloc", "c", 6), ("free", "b"), ("append", "a", 5),
           ("table", "a"), ("table", "c"), ("free_blocks",)]
    return _replay(m.PagedKVCache, 8, 2, ops)


def _random_ops(seed, n_ops, n_seqs):
    rng = random.Random(seed)
    ops, live, next_id = [], [], 0
    for _ in range(n_ops):
        r = rng.random()
        if r < 0.2 or not live:
            ops.append(("alloc", next_id, rng.randrange(0, 9)))
            live.append(next_id)
            next_id += 1
        elif r < 0.55:
            ops.append(("append", rng.choice(live), rng.randrange(1, 5)))
        elif r < 0.7:
            ops.append(("fork", rng.choice(live), next_id))
            live.append(next_id)
            next_id += 1
        elif r < 0.8 and len(live) > n_seqs // 2:
            s = rng.choice(live)
            ops.append(("free", s))
            live.remove(s)
        elif r < 0.9:
            ops.append(("table", rng.choice(live)))
        else:
            ops.append(("slot", rng.choice(live), rng.randrange(0, 12)))
        ops.append(("free_blocks",))
    return ops


RANDOM_A = _random_ops(1, 300, 8)
RANDOM_B = _random_ops(2, 400, 12)


@hidden(expected=_replay(_Model, 24, 3, RANDOM_A))
def random_workload_small_pool(m):
    """300 random operations on 24 blocks of 3 slots (many MemoryErrors)"""
    return _replay(m.PagedKVCache, 24, 3, RANDOM_A)


@hidden(expected=_replay(_Model, 64, 4, RANDOM_B))
def random_workload_with_forks(m):
    """400 random operations (allocs, appends, forks, frees, tables, slots) on 64 blocks of 4 slots"""
    return _replay(m.PagedKVCache, 64, 4, RANDOM_B)


# Independent checks of the reference itself (plain pytest only).
def test_agrees_with_model_on_long_workloads(solution):
    for seed in range(10, 20):
        ops = _random_ops(seed, 500, 10)
        assert _replay(solution.PagedKVCache, 40, 2, ops) == _replay(_Model, 40, 2, ops)


def test_every_block_is_free_or_held(solution):
    """After every operation of a random workload, the free pool and the blocks held by live sequences are
    disjoint and together cover the whole pool."""
    ops = _random_ops(21, 500, 10)
    for end in range(1, len(ops), 25):
        cache = solution.PagedKVCache(40, 2)
        _replay(lambda *_, c=cache: c, 40, 2, ops[:end])
        held = {b for t in cache._tables.values() for b in t}
        assert not held & set(cache._free)
        assert len(held) + cache.num_free_blocks() == 40
