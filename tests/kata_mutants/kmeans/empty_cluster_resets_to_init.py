# Sends a centroid with no points back to its initial position instead of leaving it where it is.
import numpy as np


def kmeans(X, init_centroids, n_iters=100):
    centroids = init_centroids.astype(float).copy()
    labels = None
    for _ in range(n_iters):
        new = np.argmin(((X[:, None] - centroids[None]) ** 2).sum(-1), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        centroids = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else init_centroids[j]
                              for j in range(len(centroids))])
    return centroids, labels
