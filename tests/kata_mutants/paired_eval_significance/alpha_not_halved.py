# Cuts the interval at the alpha and 1 - alpha percentiles (a 90% interval for alpha 0.05).
from math import comb

import numpy as np


def _mcnemar_exact(n01, n10):
    k = n01 + n10
    if k == 0:
        return 1.0
    tail = sum(comb(k, i) for i in range(min(n01, n10) + 1))  # exact integers, then one division
    return min(1.0, 2 * tail / 2**k)


def paired_significance(a, b, n_boot=1000, seed=0, alpha=0.05):
    a, b = np.asarray(a), np.asarray(b)
    n01 = int(np.sum((a == 1) & (b == 0)))
    n10 = int(np.sum((a == 0) & (b == 1)))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(a), size=(n_boot, len(a)))
    # The same resampled items for both models: the pairing is what removes the shared item difficulty.
    diffs = b[idx].mean(axis=1) - a[idx].mean(axis=1)
    low, high = np.percentile(diffs, [100 * alpha, 100 * (1 - alpha)])
    return {"diff": float(b.mean() - a.mean()), "n01": n01, "n10": n10, "p_value": _mcnemar_exact(n01, n10),
            "ci_low": float(low), "ci_high": float(high)}
