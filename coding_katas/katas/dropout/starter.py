import numpy as np


def dropout(x: np.ndarray, p: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    """Inverted dropout.

    Training: u = rng.random(x.shape) (always exactly one call), keep where u >= p, scale the kept
    entries by 1 / (1 - p); p = 1 gives zeros. Evaluation: x unchanged, rng untouched.
    Raises ValueError unless 0 <= p <= 1. Does not modify x.
    """
    raise NotImplementedError
