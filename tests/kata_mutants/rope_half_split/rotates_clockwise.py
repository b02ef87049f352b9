# Rotates by -theta (sin terms with the wrong signs).
import numpy as np


def apply_rope_half(x, positions, base=10000.0, rotary_dim=None):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    r = d if rotary_dim is None else rotary_dim
    half = r // 2
    inv_freq = base ** (-np.arange(half) * 2.0 / r)  # frequencies over the rotated width r, not d
    angles = np.asarray(positions, dtype=float)[..., None] * inv_freq  # (..., L, r/2)
    cos, sin = np.cos(angles), np.sin(angles)
    x1, x2, rest = x[..., :half], x[..., half:r], x[..., r:]
    # Feature i pairs with feature i + r/2 (GPT-NeoX / Hugging Face rotate_half layout).
    out1, out2 = x1 * cos + x2 * sin, x2 * cos - x1 * sin
    rest = np.broadcast_to(rest, out1.shape[:-1] + rest.shape[-1:])
    return np.concatenate([out1, out2, rest], axis=-1)
