# Uses bisect_right: a key hashing exactly onto a point goes to the next point instead.
import bisect
import hashlib


def h(s):
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.ring = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        for i in range(self.vnodes):
            bisect.insort(self.ring, (h(f"{node}#{i}"), node))

    def remove_node(self, node):
        self.ring = [p for p in self.ring if p[1] != node]

    def get_node(self, key):
        if not self.ring:
            raise LookupError(key)
        i = bisect.bisect_right([p for p, _ in self.ring], h(key))
        return self.ring[i % len(self.ring)][1]
