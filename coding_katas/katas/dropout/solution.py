import numpy as np


def dropout(x: np.ndarray, p: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy()
    keep = rng.random(x.shape) >= p  # drawn even for p = 0 or 1 so the generator always advances alike
    if p == 1.0:
        return np.zeros_like(x)
    return np.where(keep, x / (1.0 - p), 0.0)
