# remove_node only forgets the node's name; its points stay on the ring and keep receiving keys.
import bisect
import hashlib


def h(s):
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    def __init__(self, nodes=(), vnodes=100):
        self.vnodes = vnodes
        self.nodes = set()
        self.ring = []
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.nodes.add(node)
        self.ring = sorted(set(self.ring) | {(h(f"{node}#{i}"), node) for i in range(self.vnodes)})

    def remove_node(self, node):
        self.nodes.discard(node)

    def get_node(self, key):
        if not self.nodes:
            raise LookupError(key)
        i = bisect.bisect_left([p for p, _ in self.ring], h(key))
        return self.ring[i % len(self.ring)][1]
