# Correct results, but moves the caller's init_centroids array in place (no copy).
import numpy as np


def kmeans(X, init_centroids, n_iters=100):
    centroids = init_centroids
    labels = None
    for _ in range(n_iters):
        new = np.argmin(((X[:, None] - centroids[None]) ** 2).sum(-1), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centroids)):
            if np.any(labels == j):
                centroids[j] = X[labels == j].mean(axis=0)
    return centroids, labels
