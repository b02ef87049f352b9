import time
from typing import Callable


class TokenBucket:
    """Rate limiter: up to `capacity` tokens, refilled continuously at `rate` tokens per second."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic):
        """Start full, at the time clock() returns now."""
        raise NotImplementedError

    def allow(self, cost: float = 1.0) -> bool:
        """Refill, then take `cost` tokens and return True if at least `cost` are present;
        otherwise return False and take nothing."""
        raise NotImplementedError
