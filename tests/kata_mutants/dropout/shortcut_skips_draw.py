# Returns early for p = 0 and p = 1 without drawing, so the generator falls out of step.
import numpy as np


def dropout(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training or p == 0:
        return x.copy()
    if p == 1:
        return np.zeros_like(x)
    keep = rng.random(x.shape) >= p
    return np.where(keep, x / (1 - p), 0.0)
