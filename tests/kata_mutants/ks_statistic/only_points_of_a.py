# Evaluates the CDFs only at the points of the first sample instead of the pooled points.
import numpy as np


def ks_statistic(a, b):
    a, b = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))
    gap = np.searchsorted(a, a, side="right") / a.size - np.searchsorted(b, a, side="right") / b.size
    return float(np.abs(gap).max())
