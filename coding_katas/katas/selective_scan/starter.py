import numpy as np


def selective_scan(x: np.ndarray, delta: np.ndarray, A: np.ndarray, B: np.ndarray, C: np.ndarray, D: np.ndarray,
                   h0: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Selective SSM scan: h_t = exp(delta A) h_{t-1} + delta B x, y_t = C h_t + D x. Returns (y, h_last)."""
    raise NotImplementedError
