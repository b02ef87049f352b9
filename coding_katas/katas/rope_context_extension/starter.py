import numpy as np


def rope_inv_freq(dim: int, base: float) -> np.ndarray:
    """base ** (-2 i / dim) for i = 0 .. dim / 2 - 1."""
    raise NotImplementedError


def scaled_inv_freq(dim: int, base: float, method: str, factor: float, **params) -> tuple[np.ndarray, float]:
    """Context-extension frequencies for method in {"linear", "ntk", "llama3", "yarn"}: (inv_freq, attention_factor)."""
    raise NotImplementedError
