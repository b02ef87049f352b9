# Measures the wait from the newest item, so a steady trickle of requests postpones the flush forever.
import time


class DynamicBatcher:
    def __init__(self, max_batch_size, max_wait, clock=time.monotonic):
        self.max_batch_size, self.max_wait, self.clock = max_batch_size, max_wait, clock
        self.items, self.last_arrival = [], 0.0

    def _due(self, now):
        return bool(self.items) and now - self.last_arrival >= self.max_wait

    def _take(self):
        batch, self.items = self.items, []
        return [batch]

    def submit(self, item):
        now = self.clock()
        out = self._take() if self._due(now) else []
        self.items.append(item)
        self.last_arrival = now
        if len(self.items) >= self.max_batch_size or self._due(now):
            out += self._take()
        return out

    def poll(self):
        return self._take() if self._due(self.clock()) else []

    def flush(self):
        return self._take() if self.items else []

    def pending(self):
        return len(self.items)
