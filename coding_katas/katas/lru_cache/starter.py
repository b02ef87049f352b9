class LRUCache:
    """A least-recently-used cache with O(1) get and put."""

    def __init__(self, capacity: int):
        raise NotImplementedError

    def get(self, key):
        """The value for key (and mark it most recent), or None when absent."""
        raise NotImplementedError

    def put(self, key, value) -> None:
        """Insert or update key as the most recent; evict the least recent when over capacity."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError
