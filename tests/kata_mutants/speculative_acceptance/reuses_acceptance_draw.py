# Samples the replacement token with the rejected draw r instead of a fresh draw.
import numpy as np


def _sample(dist: np.ndarray, u: float) -> int:
    """Inverse-CDF sample: the smallest j with u < cumsum(dist)[j]."""
    cdf = np.cumsum(dist)
    j = int(np.searchsorted(cdf, u, side="right"))
    if j == len(dist):  # rounding left cdf[-1] just below 1
        j = int(np.flatnonzero(dist > 0)[-1])
    return j


def speculative_accept(draft_tokens: np.ndarray, q: np.ndarray, p: np.ndarray, rng) -> list[int]:
    q = np.asarray(q, dtype=float)
    p = np.asarray(p, dtype=float)
    out: list[int] = []
    for i, x in enumerate(int(t) for t in draft_tokens):
        r = rng.random()
        if r < p[i, x] / q[i, x]:
            out.append(x)
            continue
        residual = np.maximum(p[i] - q[i], 0.0)
        out.append(_sample(residual / residual.sum(), r))
        return out
    out.append(_sample(p[len(out)], rng.random()))
    return out
