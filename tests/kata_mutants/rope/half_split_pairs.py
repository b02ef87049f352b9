# Pairs column i with column i + d/2 (the "rotate half" layout) instead of the interleaved pairs (2i, 2i + 1).
import numpy as np


def apply_rope(x, offset=0, base=10000.0):
    x = np.asarray(x, dtype=float)
    length, d = x.shape[-2], x.shape[-1]
    inv_freq = base ** (-np.arange(0, d, 2) / d)
    angles = (offset + np.arange(length))[:, None] * inv_freq
    cos, sin = np.cos(angles), np.sin(angles)
    first, second = x[..., : d // 2], x[..., d // 2:]
    return np.concatenate([first * cos - second * sin, first * sin + second * cos], axis=-1)
