import numpy as np

# Mathematically equal impurities can differ in their last bits; within this margin they count as ties.
_TIE = 1e-12


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float]:
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    _, y_index = np.unique(np.asarray(y), return_inverse=True)
    one_hot = np.eye(y_index.max() + 1)[y_index]
    totals = one_hot.sum(axis=0)
    sizes_left = np.arange(1, n)
    sizes_right = n - sizes_left

    best_feature, best_threshold, best_impurity = -1, 0.0, np.inf
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        xs = X[order, f]
        # Candidate i splits after sorted position i: left holds the first i + 1 rows. Only positions
        # between two distinct values are real thresholds.
        candidates = np.flatnonzero(xs[1:] > xs[:-1])
        if candidates.size == 0:
            continue
        left = np.cumsum(one_hot[order], axis=0)[candidates]
        right = totals - left
        n_left, n_right = sizes_left[candidates], sizes_right[candidates]
        gini_left = 1.0 - ((left / n_left[:, None]) ** 2).sum(axis=1)
        gini_right = 1.0 - ((right / n_right[:, None]) ** 2).sum(axis=1)
        weighted = (n_left * gini_left + n_right * gini_right) / n
        lowest = weighted.min()
        # Thresholds increase with i, so the first near-minimal candidate has the lowest threshold.
        i = candidates[np.flatnonzero(weighted <= lowest + _TIE)[0]]
        if lowest < best_impurity - _TIE:
            best_feature, best_threshold, best_impurity = f, (xs[i] + xs[i + 1]) / 2, lowest
    return best_feature, float(best_threshold)
