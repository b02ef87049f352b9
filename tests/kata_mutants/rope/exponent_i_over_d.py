# Uses base ** (-i / d) for pair i instead of base ** (-2i / d): the frequencies decay too slowly.
import numpy as np


def apply_rope(x, offset=0, base=10000.0):
    x = np.asarray(x, dtype=float)
    length, d = x.shape[-2], x.shape[-1]
    inv_freq = base ** (-np.arange(d // 2) / d)
    angles = (offset + np.arange(length))[:, None] * inv_freq
    cos, sin = np.cos(angles), np.sin(angles)
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * cos - x[..., 1::2] * sin
    out[..., 1::2] = x[..., 0::2] * sin + x[..., 1::2] * cos
    return out
