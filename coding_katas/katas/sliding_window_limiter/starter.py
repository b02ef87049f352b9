import time
from typing import Callable, Hashable


class SlidingWindowLimiter:
    """At most `limit` accepted requests per key in any `window` seconds (sliding-window log)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        raise NotImplementedError

    def allow(self, key: Hashable) -> bool:
        """Log a request at clock() and return True if the key has fewer than `limit` requests with
        now - t < window; otherwise return False and log nothing."""
        raise NotImplementedError

    def count(self, key: Hashable) -> int:
        """Accepted requests of key still in the window at clock() (0 for an unknown key)."""
        raise NotImplementedError

    def retry_after(self, key: Hashable) -> float:
        """0.0 if allow(key) would succeed now, else t_oldest + window - now."""
        raise NotImplementedError
