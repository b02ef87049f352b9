# Algorithm R off by one: replaces when j <= k (writing slot k is an IndexError, so it clamps to the last slot).
import heapq
import math
import random
from typing import Any, Iterable


def reservoir_sample(stream: Iterable, k: int, rng: random.Random) -> list:
    if k < 0:
        raise ValueError("k must be >= 0")
    reservoir: list = []
    if k == 0:
        return reservoir
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
            continue
        j = rng.randrange(i + 1)
        if j <= k:
            reservoir[min(j, k - 1)] = item
    return reservoir


def weighted_reservoir_sample(stream: Iterable[tuple[Any, float]], k: int, rng: random.Random) -> list:
    if k < 0:
        raise ValueError("k must be >= 0")
    if k == 0:
        return []
    # Min-heap of (key, -position, position, item): the root is the entry to evict next. Among equal
    # keys the later position sorts lower, so it goes first; the item itself is never compared.
    heap: list = []
    for i, (item, weight) in enumerate(stream):
        if not (weight > 0 and math.isfinite(weight)):
            raise ValueError(f"weight at position {i} must be positive and finite, got {weight!r}")
        key = rng.random() ** (1.0 / weight)
        if len(heap) < k:
            heapq.heappush(heap, (key, -i, i, item))
        elif key > heap[0][0]:
            heapq.heapreplace(heap, (key, -i, i, item))
    heap.sort(key=lambda entry: (-entry[0], entry[2]))
    return [entry[3] for entry in heap]
