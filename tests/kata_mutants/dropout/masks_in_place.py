# Correct values, but zeroes and rescales the caller's array in place.
import numpy as np


def dropout(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x
    keep = rng.random(x.shape) >= p
    if p == 1:
        x[...] = 0.0
        return x
    x[~keep] = 0.0
    x /= 1 - p
    return x
