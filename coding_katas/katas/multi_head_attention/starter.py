import numpy as np


def multi_head_attention(x: np.ndarray, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray,
                         W_o: np.ndarray, n_heads: int, causal: bool = False) -> np.ndarray:
    """Multi-head self-attention without biases.

    x (N, L, D); every W is (D, D) and applied as x @ W; head h uses columns h*dh:(h+1)*dh,
    dh = D // n_heads; scores scaled by 1/sqrt(dh); causal hides later positions.
    Returns concat(heads) @ W_o with shape (N, L, D).
    """
    raise NotImplementedError
