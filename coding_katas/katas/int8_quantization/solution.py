import numpy as np

QMAX = 127


def quantize_int8(x: np.ndarray) -> tuple[np.ndarray, float]:
    x = np.asarray(x, dtype=np.float64)
    max_abs = float(np.max(np.abs(x)))
    scale = max_abs / QMAX if max_abs > 0 else 1.0
    # np.round halves to even; the cast must come after rounding and clipping.
    q = np.clip(np.round(x / scale), -QMAX, QMAX).astype(np.int8)
    return q, scale


def dequantize_int8(q: np.ndarray, scale: float) -> np.ndarray:
    return np.asarray(q).astype(np.float64) * scale
