import numpy as np


def sliding_window_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, window: int | None = None) -> np.ndarray:
    """Causal attention where query i (at position Lk - Lq + i) sees keys j with 0 <= p_i - j < window."""
    raise NotImplementedError
