import time
from typing import Any, Callable

import numpy as np


class SemanticCache:
    """Embedding-keyed cache: cosine hits at or above threshold, TTL expiry, LRU eviction."""

    def __init__(self, capacity: int, threshold: float, ttl: float, clock: Callable[[], float] = time.monotonic):
        raise NotImplementedError

    def put(self, vector: np.ndarray, value: Any) -> None:
        """Add a new entry (a copy of vector) at clock() as most recent; evict the LRU live entry if over capacity."""
        raise NotImplementedError

    def get(self, vector: np.ndarray) -> Any:
        """Value of the most cosine-similar live entry (ties: most recently used) if its similarity
        >= threshold, making it most recent; else None."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of live (unexpired) entries."""
        raise NotImplementedError
