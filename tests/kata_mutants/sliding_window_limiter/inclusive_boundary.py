# Boundary off by one: a request exactly `window` seconds old still counts (now - t <= window).
import time
from collections import deque


class SlidingWindowLimiter:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.logs = {}

    def _prune(self, key, now):
        log = self.logs.setdefault(key, deque())
        while log and now - log[0] > self.window:
            log.popleft()
        return log

    def allow(self, key):
        now = self.clock()
        log = self._prune(key, now)
        if len(log) < self.limit:
            log.append(now)
            return True
        return False

    def count(self, key):
        return len(self._prune(key, self.clock()))

    def retry_after(self, key):
        now = self.clock()
        log = self._prune(key, now)
        return 0.0 if len(log) < self.limit else log[0] + self.window - now
