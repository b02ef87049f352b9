# Counts only strict wins: a tied (positive, negative) pair adds 0 instead of 1/2.
import numpy as np


def roc_auc(y_true, scores):
    y = np.asarray(y_true) == 1
    s = np.asarray(scores, dtype=float)
    pos, neg = s[y], s[~y]
    if pos.size == 0 or neg.size == 0:
        raise ValueError("only one class present")
    neg_sorted = np.sort(neg)
    wins = np.searchsorted(neg_sorted, pos, side="left")  # negatives strictly below each positive
    return float(wins.sum() / (pos.size * neg.size))
