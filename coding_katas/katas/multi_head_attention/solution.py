import numpy as np


def multi_head_attention(x: np.ndarray, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray,
                         W_o: np.ndarray, n_heads: int, causal: bool = False) -> np.ndarray:
    n, length, d_model = x.shape
    dh = d_model // n_heads

    def split_heads(t: np.ndarray) -> np.ndarray:
        # (N, L, D) -> (N, n_heads, L, dh): head h gets columns h*dh:(h+1)*dh.
        return t.reshape(n, length, n_heads, dh).transpose(0, 2, 1, 3)

    q, k, v = split_heads(x @ W_q), split_heads(x @ W_k), split_heads(x @ W_v)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
    if causal:
        future = np.triu(np.ones((length, length), dtype=bool), k=1)
        scores = np.where(future, -np.inf, scores)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = e / e.sum(axis=-1, keepdims=True)
    heads = weights @ v                                   # (N, n_heads, L, dh)
    concat = heads.transpose(0, 2, 1, 3).reshape(n, length, d_model)
    return concat @ W_o
