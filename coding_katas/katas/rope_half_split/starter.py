import numpy as np


def apply_rope_half(x: np.ndarray, positions: np.ndarray, base: float = 10000.0,
                    rotary_dim: int | None = None) -> np.ndarray:
    """Rotate pairs (i, i + r/2) of the first r features by positions * base ** (-2i / r); the rest pass through."""
    raise NotImplementedError
