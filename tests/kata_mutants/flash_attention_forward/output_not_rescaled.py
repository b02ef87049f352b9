# Rescales the normaliser norm but not the accumulated output o when the max grows.
import numpy as np


def flash_attention_forward(q, k, v, block_size, causal=False):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    L = q.shape[-2]
    scale = 1.0 / np.sqrt(q.shape[-1])
    m = np.full(q.shape[:-1], -np.inf)          # running max of the scores seen so far, per query
    norm = np.zeros(q.shape[:-1])               # running sum of exp(score - m)
    o = np.zeros(q.shape[:-1] + (v.shape[-1],))  # running sum of exp(score - m) * v
    m_hist, l_hist = [], []
    qpos = np.arange(L)[:, None]
    for start in range(0, L, block_size):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = q @ np.swapaxes(kb, -1, -2) * scale  # only an (L, block) tile of scores exists at a time
        if causal:
            s = np.where(np.arange(start, start + kb.shape[-2])[None, :] <= qpos, s, -np.inf)
        m_new = np.maximum(m, s.max(axis=-1))
        # Rows with nothing visible yet keep m = -inf; use 0 there so exp() sees no -inf - -inf.
        safe = np.where(np.isneginf(m_new), 0.0, m_new)
        correction = np.exp(m - safe)          # rescales what was accumulated under the old max
        p = np.exp(s - safe[..., None])
        norm = norm * correction + p.sum(axis=-1)
        o = o + p @ vb
        m = m_new
        m_hist.append(m.copy())
        l_hist.append(norm.copy())
    return {"out": o / norm[..., None], "lse": m + np.log(norm), "m_history": np.stack(m_hist),
            "l_history": np.stack(l_hist)}
