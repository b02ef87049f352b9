# A two-sided band |i - j| < window without the causal part.
import numpy as np


def sliding_window_attention(q, k, v, window=None):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    Lq, Lk = q.shape[-2], k.shape[-2]
    # Queries are the last Lq of the Lk positions (decoding with a KV cache): query i sits at Lk - Lq + i.
    qpos = np.arange(Lk - Lq, Lk)[:, None]
    kpos = np.arange(Lk)[None, :]
    # The band reaches window - 1 positions on both sides of the query, future ones included.
    allowed = kpos <= qpos if window is None else np.abs(qpos - kpos) < window
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)  # every row keeps its own position, so max is finite
    w = np.exp(scores)
    w /= w.sum(axis=-1, keepdims=True)
    return w @ v
