import numpy as np

# Mathematically equal impurities can differ in their last bits; within this margin they count as ties.
_TIE = 1e-12


def _best_split(X: np.ndarray, y_index: np.ndarray, n_classes: int) -> tuple[int, float]:
    """Lowest size-weighted Gini over midpoint thresholds; (-1, 0.0) when every feature is constant."""
    n, d = X.shape
    one_hot = np.eye(n_classes)[y_index]
    totals = one_hot.sum(axis=0)
    sizes_left = np.arange(1, n)
    best_feature, best_threshold, best_impurity = -1, 0.0, np.inf
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        xs = X[order, f]
        candidates = np.flatnonzero(xs[1:] > xs[:-1])  # split after sorted position i
        if candidates.size == 0:
            continue
        left = np.cumsum(one_hot[order], axis=0)[candidates]
        right = totals - left
        n_left = sizes_left[candidates]
        n_right = n - n_left
        gini_left = 1.0 - ((left / n_left[:, None]) ** 2).sum(axis=1)
        gini_right = 1.0 - ((right / n_right[:, None]) ** 2).sum(axis=1)
        weighted = (n_left * gini_left + n_right * gini_right) / n
        lowest = weighted.min()
        i = candidates[np.flatnonzero(weighted <= lowest + _TIE)[0]]
        if lowest < best_impurity - _TIE:
            best_feature, best_threshold, best_impurity = f, (xs[i] + xs[i + 1]) / 2, lowest
    return best_feature, float(best_threshold)


def fit_tree(X: np.ndarray, y: np.ndarray, max_depth: int | None = None, min_samples_split: int = 2) -> dict:
    X = np.asarray(X, dtype=float)
    classes, y_index = np.unique(np.asarray(y), return_inverse=True)

    def build(rows: np.ndarray, depth: int) -> dict:
        counts = np.bincount(y_index[rows], minlength=len(classes))
        leaf = {"label": int(classes[np.argmax(counts)])}  # classes are sorted: ties go to the smallest
        if (np.count_nonzero(counts) == 1 or len(rows) < min_samples_split
                or (max_depth is not None and depth >= max_depth)):
            return leaf
        feature, threshold = _best_split(X[rows], y_index[rows], len(classes))
        if feature < 0:
            return leaf
        goes_left = X[rows, feature] <= threshold
        return {
            "feature": feature,
            "threshold": threshold,
            "left": build(rows[goes_left], depth + 1),
            "right": build(rows[~goes_left], depth + 1),
        }

    return build(np.arange(len(X)), 0)


def predict_tree(tree: dict, X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    out = np.empty(len(X), dtype=int)
    for i, x in enumerate(X):
        node = tree
        while "label" not in node:
            node = node["left"] if x[node["feature"]] <= node["threshold"] else node["right"]
        out[i] = node["label"]
    return out
