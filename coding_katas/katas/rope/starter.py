import numpy as np


def apply_rope(x: np.ndarray, offset: int = 0, base: float = 10000.0) -> np.ndarray:
    """Rotary position embedding of x, shape (..., L, d) with d even.

    Row l of axis -2 is at position p = offset + l; the interleaved pair (2i, 2i + 1) is rotated
    counter-clockwise by p * base ** (-2i / d). Returns a new float64 array; x is not modified.
    """
    raise NotImplementedError
