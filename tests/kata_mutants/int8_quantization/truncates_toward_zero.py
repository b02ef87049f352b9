# Casts x / scale straight to int8, which truncates instead of rounding.
import numpy as np


def quantize_int8(x):
    scale = np.max(np.abs(x)) / 127
    if scale == 0:
        scale = 1.0
    return np.clip(x / scale, -127, 127).astype(np.int8), scale


def dequantize_int8(q, scale):
    return q.astype(np.float64) * scale
