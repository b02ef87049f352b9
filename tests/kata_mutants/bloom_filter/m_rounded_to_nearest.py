# Rounds m to the nearest integer instead of up.
import hashlib
import math


class BloomFilter:
    def __init__(self, m, k):
        self.m, self.k = m, k
        self.bits = [False] * m

    def positions(self, item):
        digest = hashlib.sha256(item.encode("utf-8")).digest()
        h1 = int.from_bytes(digest[0:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.m for i in range(self.k)]

    def add(self, item):
        for g in self.positions(item):
            self.bits[g] = True

    def contains(self, item):
        return all(self.bits[g] for g in self.positions(item))

    def bit_count(self):
        return sum(self.bits)


def optimal_params(n, p):
    if n < 1 or not 0 < p < 1:
        raise ValueError("bad arguments")
    m = round(-n * math.log(p) / math.log(2) ** 2)
    k = max(1, round(m / n * math.log(2)))
    return m, k
