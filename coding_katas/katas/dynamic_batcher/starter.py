import time
from typing import Any, Callable


class DynamicBatcher:
    """Groups items into batches flushed when full or when the oldest item has waited max_wait."""

    def __init__(self, max_batch_size: int, max_wait: float, clock: Callable[[], float] = time.monotonic):
        raise NotImplementedError

    def submit(self, item: Any) -> list[list]:
        """Flush the pending batch if due; append item; flush if full (or due). Returns the flushed batches."""
        raise NotImplementedError

    def poll(self) -> list[list]:
        """Flush the pending batch if it is due (oldest arrival + max_wait <= now)."""
        raise NotImplementedError

    def flush(self) -> list[list]:
        """Flush the pending batch if it is non-empty."""
        raise NotImplementedError

    def pending(self) -> int:
        """Number of items waiting in the pending batch."""
        raise NotImplementedError
