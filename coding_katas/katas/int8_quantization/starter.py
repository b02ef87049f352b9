import numpy as np


def quantize_int8(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Symmetric per-tensor quantization.

    scale = max|x| / 127 (1.0 when x is all zeros); q = clip(np.round(x / scale), -127, 127) as int8.
    Returns (q, scale); q has the shape of x.
    """
    raise NotImplementedError


def dequantize_int8(q: np.ndarray, scale: float) -> np.ndarray:
    """The float64 reconstruction q * scale."""
    raise NotImplementedError
