# Starts from the parent's impurity, so a split that does not lower it is never returned.
import numpy as np


def _gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    return 1.0 - np.sum((counts / len(labels)) ** 2)


def best_split(X, y):
    n, d = X.shape
    best = (_gini(y), -1, 0.0)
    for f in range(d):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            left, right = y[X[:, f] <= t], y[X[:, f] > t]
            impurity = (len(left) * _gini(left) + len(right) * _gini(right)) / n
            if impurity < best[0]:
                best = (impurity, f, float(t))
    return best[1], best[2]
