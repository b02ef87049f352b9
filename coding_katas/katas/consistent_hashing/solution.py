import bisect
import hashlib
from typing import Iterable


def h(s: str) -> int:
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class ConsistentHashRing:
    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100):
        self.vnodes = vnodes
        self._ring: list[tuple[int, str]] = []  # (point, node), sorted
        self._points: list[int] = []            # the points alone, for bisect
        for node in nodes:
            self.add_node(node)

    def _rebuild(self, ring: list[tuple[int, str]]) -> None:
        self._ring = sorted(ring)
        self._points = [point for point, _ in self._ring]

    def add_node(self, node: str) -> None:
        self._rebuild(self._ring + [(h(f"{node}#{i}"), node) for i in range(self.vnodes)])

    def remove_node(self, node: str) -> None:
        self._rebuild([entry for entry in self._ring if entry[1] != node])

    def get_node(self, key: str) -> str:
        if not self._ring:
            raise LookupError("the ring has no nodes")
        i = bisect.bisect_left(self._points, h(key))
        return self._ring[i % len(self._ring)][1]
