# On rejection samples the replacement from p[i] instead of the residual max(0, p - q).
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
        residual = p[i].copy()  # resample from the target
        out.append(_sample(residual / residual.sum(), rng.random()))
        return out
    out.append(_sample(p[len(out)], rng.random()))
    return out
