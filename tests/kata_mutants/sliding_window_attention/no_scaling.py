# Forgets the 1 / sqrt(d) scaling of the scores.
import numpy as np


def sliding_window_attention(q, k, v, window=None):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    Lq, Lk = q.shape[-2], k.shape[-2]
    # Queries are the last Lq of the Lk positions (decoding with a KV cache): query i sits at Lk - Lq + i.
    qpos = np.arange(Lk - Lq, Lk)[:, None]
    kpos = np.arange(Lk)[None, :]
    allowed = kpos <= qpos
    if window is not None:
        allowed &= qpos - kpos < window  # the window counts the query itself: keys qpos-window+1 .. qpos
    scores = q @ np.swapaxes(k, -1, -2)
    scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)  # every row keeps its own position, so max is finite
    w = np.exp(scores)
    w /= w.sum(axis=-1, keepdims=True)
    return w @ v
