class PrefixCache:
    """Full KV blocks keyed by their whole prefix; LRU eviction of leaves only; protected current path."""

    def __init__(self, block_size: int, capacity: int):
        raise NotImplementedError

    def match(self, tokens: list[int]) -> int:
        raise NotImplementedError

    def insert(self, tokens: list[int]) -> int:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError
