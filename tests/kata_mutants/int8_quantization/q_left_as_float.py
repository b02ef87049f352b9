# Right integer values, but q stays a float64 array instead of int8.
import numpy as np


def quantize_int8(x):
    max_abs = np.max(np.abs(x))
    scale = max_abs / 127 if max_abs > 0 else 1.0
    return np.clip(np.round(x / scale), -127, 127), scale


def dequantize_int8(q, scale):
    return q * scale
