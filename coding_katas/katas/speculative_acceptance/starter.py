import numpy as np


def speculative_accept(draft_tokens: np.ndarray, q: np.ndarray, p: np.ndarray, rng) -> list[int]:
    """Accept draft tokens left to right (one rng.random() each, accept when r < p/q); on the first
    rejection sample from normalise(max(0, p[i] - q[i])) and stop, else sample a bonus from p[k]
    (one more rng.random(), inverse CDF: smallest j with u < cumsum[j]). Returns a list of ints.
    """
    raise NotImplementedError
