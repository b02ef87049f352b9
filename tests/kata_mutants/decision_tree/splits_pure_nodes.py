# Forgets the purity stop: pure nodes keep splitting until depth or size stops them.
import numpy as np


def _gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    p = counts / len(labels)
    return 1.0 - np.sum(p ** 2)


def _best_split(X, y):
    n, d = X.shape
    best = (np.inf, -1, 0.0)
    for f in range(d):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            mask = X[:, f] <= t
            score = (mask.sum() * _gini(y[mask]) + (~mask).sum() * _gini(y[~mask])) / n
            if score < best[0] - 1e-12:
                best = (score, f, float(t))
    return best


def _majority(y):
    labels, counts = np.unique(y, return_counts=True)
    return int(labels[np.argmax(counts)])


def fit_tree(X, y, max_depth=None, min_samples_split=2):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)

    def build(rows, depth):
        labels = y[rows]
        leaf = {"label": _majority(labels)}
        if len(rows) < min_samples_split:
            return leaf
        if max_depth is not None and depth >= max_depth:
            return leaf
        score, f, t = _best_split(X[rows], labels)
        if f < 0:
            return leaf
        mask = X[rows, f] <= t
        return {"feature": f, "threshold": t,
                "left": build(rows[mask], depth + 1), "right": build(rows[~mask], depth + 1)}

    return build(np.arange(len(X)), 0)


def predict_tree(tree, X):
    out = []
    for x in np.asarray(X, dtype=float):
        node = tree
        while "label" not in node:
            node = node["left"] if x[node["feature"]] <= node["threshold"] else node["right"]
        out.append(node["label"])
    return np.array(out, dtype=int)
