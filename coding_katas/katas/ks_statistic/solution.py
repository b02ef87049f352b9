import numpy as np


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    a_sorted = np.sort(np.asarray(a, dtype=float))
    b_sorted = np.sort(np.asarray(b, dtype=float))
    # Both CDFs are right-continuous steps, so the supremum is reached at a pooled sample point.
    points = np.concatenate([a_sorted, b_sorted])
    cdf_a = np.searchsorted(a_sorted, points, side="right") / a_sorted.size
    cdf_b = np.searchsorted(b_sorted, points, side="right") / b_sorted.size
    return float(np.max(np.abs(cdf_a - cdf_b)))
