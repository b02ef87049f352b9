import numpy as np


def apply_rope(x: np.ndarray, offset: int = 0, base: float = 10000.0) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    length, d = x.shape[-2], x.shape[-1]
    inv_freq = float(base) ** (-np.arange(0, d, 2) / d)         # (d/2,)
    positions = int(offset) + np.arange(length)                  # (L,)
    angles = positions[:, None] * inv_freq[None, :]              # (L, d/2), broadcasts over leading axes
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out
