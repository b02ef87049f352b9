# Starts "previous labels" at all zeros, so a first assignment of all zeros stops before any update.
import numpy as np


def kmeans(X, init_centroids, n_iters=100):
    centroids = init_centroids.astype(float).copy()
    labels = np.zeros(len(X), dtype=int)
    for _ in range(n_iters):
        new = np.argmin(((X[:, None] - centroids[None]) ** 2).sum(-1), axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centroids)):
            if np.any(labels == j):
                centroids[j] = X[labels == j].mean(axis=0)
    return centroids, labels
