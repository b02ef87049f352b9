# Requires a similarity strictly above the threshold for a hit.
import time
from collections import OrderedDict

import numpy as np


def _cos(a, b):
    n = np.linalg.norm(a) * np.linalg.norm(b)
    return 0.0 if n == 0 else float(a @ b) / n


class SemanticCache:
    def __init__(self, capacity, threshold, ttl, clock=time.monotonic):
        self.capacity, self.threshold, self.ttl, self.clock = capacity, threshold, ttl, clock
        self.entries = OrderedDict()  # id -> [vector, value, put_time], least recent first
        self.next_id = 0

    def _expire(self, now):
        for key in [k for k, e in self.entries.items() if now - e[2] >= self.ttl]:
            del self.entries[key]

    def put(self, vector, value):
        now = self.clock()
        self._expire(now)
        self.entries[self.next_id] = [np.array(vector, dtype=float), value, now]
        self.next_id += 1
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)

    def get(self, vector):
        now = self.clock()
        self._expire(now)
        best_key, best_sim = None, None
        for key in reversed(self.entries):
            sim = _cos(vector, self.entries[key][0])
            if best_sim is None or sim > best_sim:
                best_key, best_sim = key, sim
        if best_key is None or best_sim <= self.threshold:
            return None
        self.entries.move_to_end(best_key)
        return self.entries[best_key][1]

    def __len__(self):
        self._expire(self.clock())
        return len(self.entries)
