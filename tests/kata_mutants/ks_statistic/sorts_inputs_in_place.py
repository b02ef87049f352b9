# Correct value, but sorts the caller's arrays in place.
import numpy as np


def ks_statistic(a, b):
    a.sort()
    b.sort()
    x = np.concatenate([a, b])
    gap = np.searchsorted(a, x, side="right") / a.size - np.searchsorted(b, x, side="right") / b.size
    return float(np.abs(gap).max())
