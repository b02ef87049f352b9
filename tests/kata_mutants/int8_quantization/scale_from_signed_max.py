# Takes the scale from max(x) instead of max(|x|), so a large negative value gets clipped.
import numpy as np


def quantize_int8(x):
    scale = np.max(x) / 127
    if scale == 0:
        scale = 1.0
    return np.clip(np.round(x / scale), -127, 127).astype(np.int8), scale


def dequantize_int8(q, scale):
    return q.astype(np.float64) * scale
