# Walks the merged sorted samples one element at a time and measures the gap after every element,
# even in the middle of a run of tied values.
import numpy as np


def ks_statistic(a, b):
    a, b = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))
    i = j = 0
    best = 0.0
    while i < a.size or j < b.size:
        if j == b.size or (i < a.size and a[i] <= b[j]):
            i += 1
        else:
            j += 1
        best = max(best, abs(i / a.size - j / b.size))
    return float(best)
