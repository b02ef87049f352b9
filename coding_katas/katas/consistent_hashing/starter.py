import hashlib
from typing import Iterable


def h(s: str) -> int:
    """The ring's hash: the first 8 bytes of the MD5 digest as a big-endian integer."""
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    """Node n owns the points h(f"{n}#{i}") for i in range(vnodes)."""

    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100):
        raise NotImplementedError

    def add_node(self, node: str) -> None:
        raise NotImplementedError

    def remove_node(self, node: str) -> None:
        raise NotImplementedError

    def get_node(self, key: str) -> str:
        """The node of the first point >= h(key), wrapping round; LookupError on an empty ring."""
        raise NotImplementedError
