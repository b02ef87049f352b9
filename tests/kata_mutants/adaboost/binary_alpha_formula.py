# Uses the two-class alpha ln((1 - err) / err) without the ln(K - 1) term.
import math

import numpy as np


def _fit_stump(X, y_idx, w, n_classes):
    """Weighted-Gini stump: (feature, threshold, left class index, right class index)."""
    best = None  # (weighted gini, feature, threshold, left, right)
    for f in range(X.shape[1]):
        order = np.argsort(X[:, f], kind="stable")
        xs, ys, ws = X[order, f], y_idx[order], w[order]
        onehot = np.zeros((len(xs), n_classes))
        onehot[np.arange(len(xs)), ys] = ws
        left = np.cumsum(onehot, axis=0)  # left[i]: class weights of rows 0..i
        total = left[-1]
        for i in range(len(xs) - 1):
            if xs[i] == xs[i + 1]:
                continue
            lw, rw = left[i], total - left[i]
            gini = sum(c.sum() - (c @ c) / c.sum() for c in (lw, rw) if c.sum() > 0)
            # Strictly better only: ties keep the earlier feature / lower threshold.
            if best is None or gini < best[0] - 1e-12:
                # argmax takes the first maximum: weighted-majority ties go to the smallest label.
                best = (gini, f, (xs[i] + xs[i + 1]) / 2, int(np.argmax(lw)), int(np.argmax(rw)))
    return best[1:]


def adaboost_samme(X, y, X_test, n_estimators):
    X, X_test = np.asarray(X, dtype=float), np.asarray(X_test, dtype=float)
    classes, y_idx = np.unique(np.asarray(y), return_inverse=True)
    K, n = len(classes), len(X)
    w = np.full(n, 1.0 / n)
    stumps, alphas = [], []
    for _ in range(n_estimators):
        f, t, left, right = _fit_stump(X, y_idx, w, K)
        pred = np.where(X[:, f] <= t, left, right)
        miss = pred != y_idx
        err = float(np.sum(w[miss]) / np.sum(w))
        if err >= 1.0 - 1.0 / K:  # no better than chance: discard it and stop
            break
        stumps.append((f, float(t), int(classes[left]), int(classes[right])))
        if err <= 0.0:  # perfect stump: weight 1 and stop, as scikit-learn does
            alphas.append(1.0)
            break
        alpha = math.log((1.0 - err) / err)
        alphas.append(alpha)
        w = w * np.exp(alpha * miss)  # only misclassified rows grow
        w = w / w.sum()
    votes = np.zeros((len(X_test), K))
    label_index = {int(c): i for i, c in enumerate(classes)}
    for (f, t, left, right), a in zip(stumps, alphas, strict=True):
        chosen = np.where(X_test[:, f] <= t, label_index[left], label_index[right])
        votes[np.arange(len(X_test)), chosen] += a
    return {"stumps": stumps, "alphas": np.array(alphas), "predictions": classes[np.argmax(votes, axis=1)]}
