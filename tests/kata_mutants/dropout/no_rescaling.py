# Plain (non-inverted) dropout: forgets to divide the kept entries by 1 - p.
import numpy as np


def dropout(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x.copy()
    keep = rng.random(x.shape) >= p
    return np.where(keep, x, 0.0)
