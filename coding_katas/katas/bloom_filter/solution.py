import hashlib
import math


class BloomFilter:
    def __init__(self, m: int, k: int):
        if m < 1 or k < 1:
            raise ValueError("m and k must be >= 1")
        self.m = m
        self.k = k
        self._bits = bytearray((m + 7) // 8)

    def positions(self, item: str) -> list[int]:
        digest = hashlib.sha256(item.encode("utf-8")).digest()
        h1 = int.from_bytes(digest[0:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.m for i in range(self.k)]

    def add(self, item: str) -> None:
        for g in self.positions(item):
            self._bits[g >> 3] |= 1 << (g & 7)

    def contains(self, item: str) -> bool:
        return all(self._bits[g >> 3] >> (g & 7) & 1 for g in self.positions(item))

    def bit_count(self) -> int:
        return int.from_bytes(self._bits, "little").bit_count()


def optimal_params(n: int, p: float) -> tuple[int, int]:
    if n < 1 or not 0 < p < 1:
        raise ValueError("need n >= 1 and 0 < p < 1")
    m = math.ceil(-n * math.log(p) / math.log(2) ** 2)
    k = max(1, round(m / n * math.log(2)))
    return m, k
