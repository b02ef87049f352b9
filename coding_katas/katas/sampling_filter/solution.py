import numpy as np


def top_k_top_p_filter(logits: np.ndarray, top_k: int = 0, top_p: float = 1.0) -> np.ndarray:
    out = np.array(logits, dtype=float)  # a copy: the caller's logits stay untouched
    n = out.size
    if top_k > 0 and top_k < n:
        kth_largest = np.sort(out)[n - top_k]
        out[out < kth_largest] = -np.inf
    if top_p < 1.0:
        kept = np.isfinite(out)
        probs = np.zeros(n)
        e = np.exp(out[kept] - out[kept].max())
        probs[kept] = e / e.sum()
        order = np.argsort(-probs, kind="stable")
        cumulative = np.cumsum(probs[order])
        # Keep tokens up to and including the first whose cumulative probability reaches top_p.
        n_keep = min(int(np.searchsorted(cumulative, top_p, side="left")) + 1, n)
        out[order[n_keep:]] = -np.inf
    return out
