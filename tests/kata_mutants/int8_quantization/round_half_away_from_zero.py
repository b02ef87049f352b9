# Rounds exact halves away from zero (school rounding) instead of to even like np.round.
import numpy as np


def quantize_int8(x):
    scale = np.max(np.abs(x)) / 127
    if scale == 0:
        scale = 1.0
    v = x / scale
    q = np.sign(v) * np.floor(np.abs(v) + 0.5)
    return np.clip(q, -127, 127).astype(np.int8), scale


def dequantize_int8(q, scale):
    return q.astype(np.float64) * scale
