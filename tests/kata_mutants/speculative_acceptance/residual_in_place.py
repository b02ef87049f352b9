# Builds the residual in place in the caller's p array.
import numpy as np


def _sample(dist: np.ndarray, u: float) -> int:
    """Inverse-CDF sample: the smallest j with u < cumsum(dist)[j]."""
    cdf = np.cumsum(dist)
    j = int(np.searchsorted(cdf, u, side="right"))
    if j == len(dist):  # rounding left cdf[-1] just below 1
        j = int(np.flatnonzero(dist > 0)[-1])
    return j


def speculative_accept(draft_tokens: np.ndarray, q: np.ndarray, p: np.ndarray, rng) -> list[int]:
    out: list[int] = []
    for i, x in enumerate(int(t) for t in draft_tokens):
        r = rng.random()
        if r < p[i, x] / q[i, x]:
            out.append(x)
            continue
        residual = p[i]
        residual -= q[i]
        np.maximum(residual, 0.0, out=residual)
        residual /= residual.sum()
        out.append(_sample(residual, rng.random()))
        return out
    out.append(_sample(p[len(out)], rng.random()))
    return out
