# Takes max(F_a - F_b) without the absolute value, missing gaps where b's CDF is the higher one.
import numpy as np


def ks_statistic(a, b):
    a, b = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))
    x = np.concatenate([a, b])
    gap = np.searchsorted(a, x, side="right") / a.size - np.searchsorted(b, x, side="right") / b.size
    return float(max(0.0, gap.max()))
