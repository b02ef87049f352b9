import time
from typing import Any, Callable


class DynamicBatcher:
    def __init__(self, max_batch_size: int, max_wait: float, clock: Callable[[], float] = time.monotonic):
        if max_batch_size < 1 or max_wait < 0:
            raise ValueError("max_batch_size must be >= 1 and max_wait >= 0")
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait
        self._clock = clock
        self._items: list = []
        self._oldest = 0.0  # arrival time of self._items[0]

    def _due(self, now: float) -> bool:
        return bool(self._items) and self._oldest + self.max_wait <= now

    def _take(self) -> list[list]:
        batch, self._items = self._items, []
        return [batch]

    def submit(self, item: Any) -> list[list]:
        now = self._clock()
        out = self._take() if self._due(now) else []
        if not self._items:
            self._oldest = now
        self._items.append(item)
        if len(self._items) >= self.max_batch_size or self._due(now):
            out += self._take()
        return out

    def poll(self) -> list[list]:
        return self._take() if self._due(self._clock()) else []

    def flush(self) -> list[list]:
        return self._take() if self._items else []

    def pending(self) -> int:
        return len(self._items)
