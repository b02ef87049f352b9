# Keeps a reference to the caller's nodes list and appends/removes on it directly.
import bisect
import hashlib


def h(s):
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.nodes = nodes if isinstance(nodes, list) else list(nodes)
        self._build()

    def _build(self):
        self.ring = sorted((h(f"{n}#{i}"), n) for n in self.nodes for i in range(self.vnodes))
        self.points = [p for p, _ in self.ring]

    def add_node(self, node):
        self.nodes.append(node)
        self._build()

    def remove_node(self, node):
        self.nodes.remove(node)
        self._build()

    def get_node(self, key):
        if not self.ring:
            raise LookupError(key)
        i = bisect.bisect_left(self.points, h(key))
        return self.ring[i % len(self.ring)][1]
