# Keeps a single log shared by every key instead of one log per key.
import time
from collections import deque


class SlidingWindowLimiter:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.log = deque()

    def _prune(self, now):
        while self.log and now - self.log[0] >= self.window:
            self.log.popleft()

    def allow(self, key):
        now = self.clock()
        self._prune(now)
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False

    def count(self, key):
        self._prune(self.clock())
        return len(self.log)

    def retry_after(self, key):
        now = self.clock()
        self._prune(now)
        return 0.0 if len(self.log) < self.limit else self.log[0] + self.window - now
