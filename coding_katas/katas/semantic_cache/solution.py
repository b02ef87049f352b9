import itertools
import time
from collections import OrderedDict
from typing import Any, Callable

import numpy as np


def _unit(v: np.ndarray) -> np.ndarray:
    v = np.array(v, dtype=float)  # always a copy
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else v  # a zero vector stays zero: similarity 0.0


class SemanticCache:
    def __init__(self, capacity: int, threshold: float, ttl: float, clock: Callable[[], float] = time.monotonic):
        if capacity < 1 or ttl <= 0:
            raise ValueError("capacity must be >= 1 and ttl > 0")
        self.capacity = capacity
        self.threshold = threshold
        self.ttl = ttl
        self._clock = clock
        self._ids = itertools.count()
        # entry id -> (unit vector, value, put time); least recently used first
        self._entries: OrderedDict[int, tuple[np.ndarray, Any, float]] = OrderedDict()

    def _expire(self, now: float) -> None:
        dead = [key for key, (_, _, t) in self._entries.items() if now - t >= self.ttl]
        for key in dead:
            del self._entries[key]

    def put(self, vector: np.ndarray, value: Any) -> None:
        now = self._clock()
        self._expire(now)
        self._entries[next(self._ids)] = (_unit(vector), value, now)
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def get(self, vector: np.ndarray) -> Any:
        self._expire(self._clock())
        if not self._entries:
            return None
        keys = list(reversed(self._entries))  # most recently used first
        sims = np.stack([self._entries[k][0] for k in keys]) @ _unit(vector)
        best = int(np.argmax(sims))  # first maximum = most recently used among ties
        if sims[best] < self.threshold:
            return None
        self._entries.move_to_end(keys[best])
        return self._entries[keys[best]][1]

    def __len__(self) -> int:
        self._expire(self._clock())
        return len(self._entries)
