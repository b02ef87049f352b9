import time
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


class _ModelBatcher:
    """Independent model for expected values: (arrival, item) pairs, the deadline recomputed from the
    first pair at every call."""

    def __init__(self, max_batch_size, max_wait, clock=time.monotonic):
        self.size, self.wait, self.clock, self.items = max_batch_size, max_wait, clock, []

    def _due(self, now):
        return bool(self.items) and self.items[0][0] + self.wait <= now

    def _take(self):
        batch, self.items = [item for _, item in self.items], []
        return [batch]

    def submit(self, item):
        now = self.clock()
        out = self._take() if self._due(now) else []
        self.items.append((now, item))
        if len(self.items) == self.size or self._due(now):
            out += self._take()
        return out

    def poll(self):
        return self._take() if self._due(self.clock()) else []

    def flush(self):
        return self._take() if self.items else []

    def pending(self):
        return len(self.items)


_MODEL = SimpleNamespace(DynamicBatcher=_ModelBatcher)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)

# Times and waits are multiples of powers of two, so oldest + max_wait <= now is exact arithmetic.


class FakeClock:
    """A clock the scenario moves by hand: clock() returns .now."""

    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def _replay(m, max_batch_size, max_wait, events, start=0.0):
    """events: ("at", t) moves the clock; ("submit", item), ("poll",), ("flush",), ("pending",) call the
    batcher. Returns what each call produced, in order."""
    clock = FakeClock(start)
    batcher = m.DynamicBatcher(max_batch_size, max_wait, clock=clock)
    out = []
    for ev in events:
        if ev[0] == "at":
            clock.now = ev[1]
        elif ev[0] == "submit":
            out.append(batcher.submit(ev[1]))
        elif ev[0] == "poll":
            out.append(batcher.poll())
        elif ev[0] == "flush":
            out.append(batcher.flush())
        else:
            out.append(batcher.pending())
    return out


@sample(expected=[[], [], [["a", "b", "c"]], [], [], [["d"]], [], [["e"]], 1, [["f"]]])
def example_from_prompt(m):
    """max_batch_size 3, max_wait 1.0: a full batch, a batch flushed by poll, a batch due before the next submit"""
    events = [("submit", "a"), ("at", 0.25), ("submit", "b"), ("at", 0.5), ("submit", "c"), ("at", 1.0),
              ("submit", "d"), ("at", 1.75), ("poll",), ("at", 2.0), ("poll",), ("at", 2.5), ("submit", "e"),
              ("at", 4.0), ("submit", "f"), ("pending",), ("flush",)]
    return _replay(m, 3, 1.0, events)


@sample(expected=[[], [["a"]], 1, [], [], [["b"]], 0])
def item_arriving_exactly_at_the_deadline(m):
    """max_batch_size 4, max_wait 0.5: "b" arrives at t = 0.5, exactly when the batch of "a" is due"""
    events = [("submit", "a"), ("at", 0.5), ("submit", "b"), ("pending",), ("at", 0.75), ("poll",),
              ("at", 0.9375), ("poll",), ("at", 1.0), ("poll",), ("pending",)]
    return _replay(m, 4, 0.5, events)


@sample(expected=[[[1]], [[2]], [], [[3]], 0, []])
def batch_size_one_flushes_every_submit(m):
    """max_batch_size 1, max_wait 10: every item is its own batch at once"""
    events = [("submit", 1), ("submit", 2), ("poll",), ("at", 3.0), ("submit", 3), ("pending",), ("flush",)]
    return _replay(m, 1, 10.0, events)


@_expected_from_model(hidden)
def later_arrivals_do_not_move_the_deadline(m):
    """max_batch_size 10, max_wait 1: items at 0, 0.5, 0.75; the batch is due at 1.0, not 1.75"""
    events = [("submit", "a"), ("at", 0.5), ("submit", "b"), ("at", 0.75), ("submit", "c"), ("at", 0.875),
              ("poll",), ("at", 1.0), ("poll",), ("poll",), ("pending",)]
    return _replay(m, 10, 1.0, events)


@_expected_from_model(hidden)
def next_batch_deadline_starts_at_its_own_first_item(m):
    """max_batch_size 2, max_wait 1: after a full batch at 0.75, "c" arrives at 0.875 and is due at 1.875"""
    events = [("submit", "a"), ("at", 0.75), ("submit", "b"), ("at", 0.875), ("submit", "c"), ("at", 1.0),
              ("poll",), ("at", 1.75), ("poll",), ("at", 1.875), ("poll",), ("at", 2.0), ("submit", "d"),
              ("submit", "e"), ("at", 2.5), ("submit", "f"), ("at", 3.25), ("poll",), ("at", 3.5), ("poll",)]
    return _replay(m, 2, 1.0, events)


@_expected_from_model(hidden)
def long_gap_flushes_the_old_batch_alone(m):
    """max_batch_size 3, max_wait 2: two items, then a third 5 s later, which must not join them"""
    events = [("submit", "x"), ("at", 0.25), ("submit", "y"), ("at", 5.0), ("submit", "z"), ("pending",),
              ("at", 6.0), ("submit", "w"), ("submit", "v"), ("pending",), ("at", 100.0), ("poll",)]
    return _replay(m, 3, 2.0, events)


@_expected_from_model(hidden)
def zero_max_wait_flushes_every_submit(m):
    """max_wait 0: a batch is due the moment its first item arrives"""
    events = [("submit", "p"), ("submit", "q"), ("pending",), ("poll",), ("at", 1.0), ("submit", "r"),
              ("flush",)]
    return _replay(m, 5, 0.0, events)


@_expected_from_model(hidden)
def nothing_pending(m):
    """poll and flush on an empty batcher, and again right after a flush"""
    events = [("poll",), ("flush",), ("pending",), ("submit", "a"), ("flush",), ("flush",), ("at", 50.0),
              ("poll",), ("pending",)]
    return _replay(m, 3, 1.0, events)


@_expected_from_model(hidden)
def items_are_opaque(m):
    """None, 0, "", equal items and nested lists are items like any other"""
    events = [("submit", None), ("submit", 0), ("submit", ""), ("submit", None), ("at", 0.5), ("submit", [1, 2]),
              ("submit", [1, 2]), ("pending",), ("at", 1.5), ("poll",), ("submit", False), ("flush",)]
    return _replay(m, 4, 1.0, events)


@_expected_from_model(hidden)
def due_batch_then_full_batch(m):
    """max_batch_size 2, max_wait 1: a due batch of one is flushed by a submit, then the new batch fills"""
    events = [("submit", "a"), ("at", 1.0), ("submit", "b"), ("submit", "c"), ("at", 1.5), ("submit", "d"),
              ("at", 2.5), ("submit", "e"), ("submit", "f"), ("pending",)]
    return _replay(m, 2, 1.0, events)


@_expected_from_model(hidden)
def clock_far_from_zero(m):
    """the fake clock starts at t = 2**24"""
    t0 = 16777216.0
    events = [("submit", 1), ("at", t0 + 0.25), ("submit", 2), ("at", t0 + 0.5), ("poll",), ("at", t0 + 0.75),
              ("submit", 3), ("poll",)]
    return _replay(m, 8, 0.5, events, start=t0)


@_expected_from_model(hidden)
def default_clock(m):
    """DynamicBatcher(2, 3600.0) with the real monotonic clock: only the size rule can fire"""
    b = m.DynamicBatcher(2, 3600.0)
    return [b.submit("a"), b.poll(), b.submit("b"), b.submit("c"), b.pending(), b.flush()]


@_expected_from_model(hidden)
def long_random_sequence(m):
    """3,000 calls at random times (multiples of 1/16 s); max_batch_size 4, max_wait 0.75"""
    import random

    rng = random.Random(9)
    events, now = [], 0.0
    for i in range(3000):
        if rng.random() < 0.5:
            now += rng.randrange(0, 10) / 16
            events.append(("at", now))
        op = rng.choices(["submit", "poll", "flush", "pending"], weights=[8, 4, 1, 1])[0]
        events.append(("submit", i) if op == "submit" else (op,))
    return _replay(m, 4, 0.75, events)


# Independent check of the reference itself (plain pytest only). Offline oracle: a batch starts at the
# first unbatched item i and takes the following items that arrive strictly before t_i + max_wait, up
# to max_batch_size. A full batch leaves with the submit that filled it; any other batch leaves with
# the first call (submit or poll) at or after t_i + max_wait.
def test_matches_offline_partition(solution):
    import random

    for seed in range(20):
        rng = random.Random(seed)
        size, wait = rng.randint(1, 4), rng.randrange(0, 8) / 8
        calls, now = [], 0.0  # (time, kind, item)
        for i in range(300):
            now += rng.randrange(0, 6) / 8
            calls.append((now, "submit" if rng.random() < 0.6 else "poll", i))
        arrivals = [(t, item, c) for c, (t, kind, item) in enumerate(calls) if kind == "submit"]
        expected = {c: [] for c in range(len(calls))}
        j = 0
        while j < len(arrivals):
            t_first = arrivals[j][0]
            batch = [arrivals[j]]
            while len(batch) < size and j + len(batch) < len(arrivals) and arrivals[j + len(batch)][0] < t_first + wait:
                batch.append(arrivals[j + len(batch)])
            if len(batch) == size:
                leaves = batch[-1][2]
            else:
                leaves = next((c for c in range(batch[-1][2], len(calls)) if calls[c][0] >= t_first + wait), None)
            if leaves is not None:
                expected[leaves].append([item for _, item, _ in batch])
            j += len(batch)
        clock = FakeClock()
        batcher = solution.DynamicBatcher(size, wait, clock=clock)
        for c, (t, kind, item) in enumerate(calls):
            clock.now = t
            got = batcher.submit(item) if kind == "submit" else batcher.poll()
            assert got == expected[c], (seed, c)
