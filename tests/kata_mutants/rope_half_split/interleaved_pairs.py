# Rotates interleaved pairs (2i, 2i+1), the Meta layout, instead of (i, i + r/2).
import numpy as np


def apply_rope_half(x, positions, base=10000.0, rotary_dim=None):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    r = d if rotary_dim is None else rotary_dim
    half = r // 2
    inv_freq = base ** (-np.arange(half) * 2.0 / r)  # frequencies over the rotated width r, not d
    angles = np.asarray(positions, dtype=float)[..., None] * inv_freq  # (..., L, r/2)
    cos, sin = np.cos(angles), np.sin(angles)
    x1, x2 = x[..., 0:r:2], x[..., 1:r:2]
    out1, out2 = x1 * cos - x2 * sin, x2 * cos + x1 * sin
    out = np.empty(out1.shape[:-1] + (d,))
    out[..., 0:r:2], out[..., 1:r:2], out[..., r:] = out1, out2, x[..., r:]
    return out
