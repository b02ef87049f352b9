# Forgets to reset the batch start time when a full batch is flushed, so the next batch inherits
# the old deadline.
import time


class DynamicBatcher:
    def __init__(self, max_batch_size, max_wait, clock=time.monotonic):
        self.max_batch_size, self.max_wait, self.clock = max_batch_size, max_wait, clock
        self.items, self.start = [], None

    def _due(self, now):
        return bool(self.items) and self.start is not None and now - self.start >= self.max_wait

    def _take_due(self):
        batch, self.items, self.start = self.items, [], None
        return [batch]

    def submit(self, item):
        now = self.clock()
        out = self._take_due() if self._due(now) else []
        if self.start is None:
            self.start = now
        self.items.append(item)
        if len(self.items) >= self.max_batch_size:
            batch, self.items = self.items, []
            out.append(batch)
        elif self._due(now):
            out += self._take_due()
        return out

    def poll(self):
        return self._take_due() if self._due(self.clock()) else []

    def flush(self):
        return self._take_due() if self.items else []

    def pending(self):
        return len(self.items)
