# Scores a cut after every sorted position, including between two equal values, which no threshold realises.
import numpy as np


def _gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    return 1.0 - np.sum((counts / len(labels)) ** 2)


def best_split(X, y):
    n, d = X.shape
    best = (np.inf, -1, 0.0)
    for f in range(d):
        order = np.argsort(X[:, f], kind="stable")
        xs, ys = X[order, f], y[order]
        if xs[0] == xs[-1]:
            continue
        for i in range(1, n):
            impurity = (i * _gini(ys[:i]) + (n - i) * _gini(ys[i:])) / n
            if impurity < best[0]:
                best = (impurity, f, float((xs[i - 1] + xs[i]) / 2))
    return best[1], best[2]
