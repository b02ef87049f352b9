# Walks the ROC curve one sample at a time instead of one distinct threshold at a time,
# so tied scores produce a staircase whose shape depends on the input order.
import numpy as np


def roc_auc(y_true, scores):
    y = (np.asarray(y_true) == 1)[np.argsort(-np.asarray(scores, dtype=float), kind="stable")]
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("only one class present")
    tpr = np.concatenate([[0.0], np.cumsum(y) / n_pos])
    fpr = np.concatenate([[0.0], np.cumsum(~y) / n_neg])
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
