# Exponentiates the raw log-sum-exps when merging: exp(1000) overflows.
import numpy as np


def partial_attention(q, k, v):
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    heads, n = k.shape[0], k.shape[1]
    if n == 0:
        return np.zeros((heads, v.shape[2])), np.full(heads, -np.inf)
    s = np.einsum("hd,hnd->hn", q, k) / np.sqrt(q.shape[1])
    m = s.max(axis=1, keepdims=True)
    e = np.exp(s - m)
    total = e.sum(axis=1, keepdims=True)
    return np.einsum("hn,hnv->hv", e / total, v), (m + np.log(total))[:, 0]


def merge_partials(outs, lses):
    outs = np.stack([np.asarray(o, dtype=float) for o in outs])  # (S, H, dv)
    lses = np.stack([np.asarray(x, dtype=float) for x in lses])  # (S, H)
    m = lses.max(axis=0)
    m_safe = np.where(np.isneginf(m), 0.0, m)  # a head whose splits are all empty
    # exp(-inf - finite) is exactly 0: empty splits get no weight and never make nan.
    w = np.exp(lses)
    total = w.sum(axis=0)
    lse = np.where(total > 0, np.log(np.where(total > 0, total, 1.0)), -np.inf)
    o = np.einsum("sh,shv->hv", w / np.where(total > 0, total, 1.0), outs)
    return o, lse


def split_kv_attention(q, k, v, n_splits):
    k, v = np.asarray(k, dtype=float), np.asarray(v, dtype=float)
    idx = np.array_split(np.arange(k.shape[1]), n_splits)
    parts = [partial_attention(q, k[:, i], v[:, i]) for i in idx]
    return merge_partials([p[0] for p in parts], [p[1] for p in parts])
