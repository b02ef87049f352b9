# Mixes up the two conventions: rescales in training and also multiplies by 1 - p in evaluation.
import numpy as np


def dropout(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x * (1 - p)
    keep = rng.random(x.shape) >= p
    if p == 1:
        return np.zeros_like(x)
    return np.where(keep, x / (1 - p), 0.0)
