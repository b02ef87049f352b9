import numpy as np


def flash_attention_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int, causal: bool = False) -> dict:
    """Attention computed one key tile at a time with an online softmax.

    Returns {"out" (..., L, dv), "lse" (..., L), "m_history" (n_tiles, ..., L), "l_history" (n_tiles, ..., L)}.
    """
    raise NotImplementedError
