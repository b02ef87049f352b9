import numpy as np


def lora_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray, A: np.ndarray, B: np.ndarray,
                 alpha: float) -> np.ndarray:
    r = A.shape[0]
    scale = alpha / r
    base = x @ W.T + b
    # Low-rank path through the r-dimensional bottleneck: O(r * (d_in + d_out)) per row.
    return base + scale * ((x @ A.T) @ B.T)
