import hashlib
import math


class BloomFilter:
    """m bits, k positions per item by double hashing of the item's SHA-256 digest."""

    def __init__(self, m: int, k: int):
        raise NotImplementedError

    def positions(self, item: str) -> list[int]:
        """[(h1 + i * h2) % m for i in range(k)], h1, h2 = big-endian digest[0:8], digest[8:16] | 1."""
        raise NotImplementedError

    def add(self, item: str) -> None:
        raise NotImplementedError

    def contains(self, item: str) -> bool:
        """True when all of the item's bits are set."""
        raise NotImplementedError

    def bit_count(self) -> int:
        """Number of bits set to 1."""
        raise NotImplementedError


def optimal_params(n: int, p: float) -> tuple[int, int]:
    """(m, k) = (ceil(-n ln p / ln(2)^2), max(1, round(m / n * ln 2))); ValueError if n < 1 or not 0 < p < 1."""
    raise NotImplementedError
