import numpy as np


def scaled_dot_product_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                                 mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """softmax(q @ k^T / sqrt(d), masked) @ v over the last two axes.

    q (..., Lq, d), k (..., Lk, d), v (..., Lk, dv); mask is boolean, broadcastable to
    (..., Lq, Lk), True = may attend. Returns (output (..., Lq, dv), weights (..., Lq, Lk)).
    """
    raise NotImplementedError
