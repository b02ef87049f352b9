# Sorts (distance, label) pairs, so equal distances are ordered by label instead of training index.
from collections import Counter

import numpy as np


def knn_predict(X_train, y_train, X_test, k):
    out = []
    for q in X_test:
        dists = np.linalg.norm(X_train - q, axis=1)
        nearest = sorted(zip(dists.tolist(), y_train.tolist()))[:k]
        votes = Counter(label for _, label in nearest)
        top = max(votes.values())
        out.append(min(label for label, c in votes.items() if c == top))
    return np.array(out)
