# Correct values, but writes the rotated pairs back into the caller's array.
import numpy as np


def apply_rope(x, offset=0, base=10000.0):
    length, d = x.shape[-2], x.shape[-1]
    inv_freq = base ** (-np.arange(0, d, 2) / d)
    angles = (offset + np.arange(length))[:, None] * inv_freq
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2].copy(), x[..., 1::2].copy()
    x[..., 0::2] = even * cos - odd * sin
    x[..., 1::2] = even * sin + odd * cos
    return x
