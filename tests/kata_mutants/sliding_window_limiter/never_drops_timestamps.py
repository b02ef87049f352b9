# Keeps every accepted timestamp forever and rescans the whole history on each call (O(n) per call).
import time


class SlidingWindowLimiter:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.history = {}

    def _live(self, key, now):
        return [t for t in self.history.get(key, []) if now - t < self.window]

    def allow(self, key):
        now = self.clock()
        if len(self._live(key, now)) < self.limit:
            self.history.setdefault(key, []).append(now)
            return True
        return False

    def count(self, key):
        return len(self._live(key, self.clock()))

    def retry_after(self, key):
        now = self.clock()
        live = self._live(key, now)
        return 0.0 if len(live) < self.limit else min(live) + self.window - now
