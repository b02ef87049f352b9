# Applies the projections as x @ W.T (nn.Linear convention) instead of x @ W.
import numpy as np


def multi_head_attention(x, W_q, W_k, W_v, W_o, n_heads, causal=False):
    n, length, d = x.shape
    dh = d // n_heads
    q, k, v = ((x @ w.T).reshape(n, length, n_heads, dh).transpose(0, 2, 1, 3) for w in (W_q, W_k, W_v))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
    if causal:
        s = np.where(np.triu(np.ones((length, length), bool), 1), -np.inf, s)
    e = np.exp(s - s.max(-1, keepdims=True))
    a = (e / e.sum(-1, keepdims=True)) @ v
    return a.transpose(0, 2, 1, 3).reshape(n, length, d) @ W_o.T
