# Appends the new item before checking the deadline, so it joins a batch that was already due.
import time


class DynamicBatcher:
    def __init__(self, max_batch_size, max_wait, clock=time.monotonic):
        self.max_batch_size, self.max_wait, self.clock = max_batch_size, max_wait, clock
        self.items, self.oldest = [], 0.0

    def _due(self, now):
        return bool(self.items) and now - self.oldest >= self.max_wait

    def _take(self):
        batch, self.items = self.items, []
        return [batch]

    def submit(self, item):
        now = self.clock()
        if not self.items:
            self.oldest = now
        self.items.append(item)
        if len(self.items) >= self.max_batch_size or self._due(now):
            return self._take()
        return []

    def poll(self):
        return self._take() if self._due(self.clock()) else []

    def flush(self):
        return self._take() if self.items else []

    def pending(self):
        return len(self.items)
