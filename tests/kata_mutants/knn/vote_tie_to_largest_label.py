# Picks the last label with the highest count from the sorted labels, i.e. the largest one on a vote tie.
import numpy as np


def knn_predict(X_train, y_train, X_test, k):
    dist = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(dist, axis=1, kind="stable")[:, :k]
    out = []
    for idx in nearest:
        labels, counts = np.unique(y_train[idx], return_counts=True)
        out.append(labels[len(counts) - 1 - np.argmax(counts[::-1])])
    return np.array(out)
