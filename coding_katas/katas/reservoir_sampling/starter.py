import heapq
import math
import random
from typing import Any, Iterable


def reservoir_sample(stream: Iterable, k: int, rng: random.Random) -> list:
    """Uniform sample of min(k, n) items from a stream of unknown length n (Algorithm R).

    Items 0..k-1 fill slots 0..k-1 with no draw; item i >= k draws j = rng.randrange(i + 1) and
    replaces slot j when j < k. Returns the slots in order. k == 0 returns [] without drawing;
    k < 0 raises ValueError.
    """
    raise NotImplementedError


def weighted_reservoir_sample(stream: Iterable[tuple[Any, float]], k: int, rng: random.Random) -> list:
    """Weighted sample without replacement of min(k, n) items from (item, weight) pairs (A-Res).

    Each pair draws u = rng.random() in stream order and gets key u ** (1 / weight); keeps the k
    largest keys (a new key equal to the smallest kept one does not enter); returns the items by key
    descending, equal keys in stream order. k == 0 returns [] without drawing; k < 0 or a weight
    that is not positive and finite raises ValueError.
    """
    raise NotImplementedError
