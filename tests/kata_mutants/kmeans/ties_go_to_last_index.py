# Scans the centroids with <=, so an exact tie goes to the highest index instead of the lowest.
import numpy as np


def kmeans(X, init_centroids, n_iters=100):
    centroids = init_centroids.astype(float).copy()
    labels = None
    for _ in range(n_iters):
        new = np.zeros(len(X), dtype=int)
        for i, x in enumerate(X):
            best = np.inf
            for j, c in enumerate(centroids):
                d = np.sum((x - c) ** 2)
                if d <= best:
                    best, new[i] = d, j
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centroids)):
            if np.any(labels == j):
                centroids[j] = X[labels == j].mean(axis=0)
    return centroids, labels
