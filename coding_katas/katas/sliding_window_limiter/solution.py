import time
from collections import deque
from typing import Callable, Hashable


class SlidingWindowLimiter:
    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._logs: dict[Hashable, deque] = {}

    def _live(self, key: Hashable, now: float) -> deque:
        """The key's log with every timestamp that left the window dropped."""
        log = self._logs.get(key)
        if log is None:
            return deque()
        while log and now - log[0] >= self.window:
            log.popleft()
        if not log:
            del self._logs[key]  # forget idle keys so memory tracks active keys only
        return log

    def allow(self, key: Hashable) -> bool:
        now = self._clock()
        log = self._live(key, now)
        if len(log) >= self.limit:
            return False
        log.append(now)
        self._logs[key] = log
        return True

    def count(self, key: Hashable) -> int:
        return len(self._live(key, self._clock()))

    def retry_after(self, key: Hashable) -> float:
        now = self._clock()
        log = self._live(key, now)
        if len(log) < self.limit:
            return 0.0
        return log[0] + self.window - now
