# Forgets to wrap round: a key above the largest point indexes past the end of the ring.
import bisect
import hashlib


def h(s):
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.points = []
        self.owner = {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            p = h(f"{node}#{i}")
            self.owner[p] = node
            bisect.insort(self.points, p)

    def remove_node(self, node):
        self.points = [p for p in self.points if self.owner[p] != node]
        self.owner = {p: n for p, n in self.owner.items() if n != node}

    def get_node(self, key):
        if not self.points:
            raise LookupError(key)
        return self.owner[self.points[bisect.bisect_left(self.points, h(key))]]
