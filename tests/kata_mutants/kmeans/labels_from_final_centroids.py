# Reassigns the points to the final centroids before returning, instead of returning the last assignment.
import numpy as np


def _assign(X, centroids):
    return np.argmin(((X[:, None] - centroids[None]) ** 2).sum(-1), axis=1)


def kmeans(X, init_centroids, n_iters=100):
    centroids = init_centroids.astype(float).copy()
    labels = None
    for _ in range(n_iters):
        new = _assign(X, centroids)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centroids)):
            if np.any(labels == j):
                centroids[j] = X[labels == j].mean(axis=0)
    return centroids, _assign(X, centroids)
