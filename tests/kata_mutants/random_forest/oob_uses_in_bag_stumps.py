# Out-of-bag vote counts the stumps that did see the row (mask inverted).
from collections import Counter

import numpy as np


def fit_stump(X: np.ndarray, y: np.ndarray) -> tuple[int, float, int, int]:
    def majority(labels):
        values, counts = np.unique(labels, return_counts=True)
        return int(values[np.argmax(counts)])

    def gini(labels):
        _, counts = np.unique(labels, return_counts=True)
        return 1.0 - np.sum((counts / len(labels)) ** 2)

    best_score, best = np.inf, (-1, 0.0, majority(y), majority(y))
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            left = X[:, f] <= t
            score = (left.sum() * gini(y[left]) + (~left).sum() * gini(y[~left])) / len(y)
            if score < best_score - 1e-12:
                best_score, best = score, (f, float(t), majority(y[left]), majority(y[~left]))
    return best


def fit_random_forest(X, y, n_trees, max_features, rng):
    n, d = X.shape
    feature, threshold, left_label, right_label = [], [], [], []
    in_bag = np.zeros((n_trees, n), dtype=bool)
    for t in range(n_trees):
        rows = rng.integers(0, n, size=n)
        features = np.sort(rng.choice(d, size=max_features, replace=False))
        f, thr, left, right = fit_stump(X[rows][:, features], y[rows])
        feature.append(int(features[f]) if f >= 0 else -1)
        threshold.append(thr)
        left_label.append(left)
        right_label.append(right)
        in_bag[t, rows] = True
    return {"feature": np.array(feature), "threshold": np.array(threshold, dtype=float),
            "left_label": np.array(left_label), "right_label": np.array(right_label), "in_bag": in_bag}


def _stump_predict(forest, t, x):
    f = forest["feature"][t]
    if f == -1 or x[f] <= forest["threshold"][t]:
        return int(forest["left_label"][t])
    return int(forest["right_label"][t])


def _vote(labels):
    if not labels:
        return -1
    counts = Counter(labels)
    best = max(counts.values())
    return min(label for label, c in counts.items() if c == best)


def predict_random_forest(forest, X):
    n_trees = len(forest["feature"])
    return np.array([_vote([_stump_predict(forest, t, x) for t in range(n_trees)]) for x in X], dtype=int)


def oob_predict(forest, X):
    n_trees = len(forest["feature"])
    return np.array([_vote([_stump_predict(forest, t, x) for t in range(n_trees)
                            if forest["in_bag"][t, i]]) for i, x in enumerate(X)], dtype=int)
