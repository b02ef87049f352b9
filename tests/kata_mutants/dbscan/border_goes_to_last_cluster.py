# Lets a later cluster overwrite a border point's label (last cluster wins instead of first).
import numpy as np


def dbscan(X, eps, min_samples):
    n = len(X)
    dist = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=2)
    neighbours = [np.flatnonzero(dist[i] <= eps) for i in range(n)]
    core = [len(nb) >= min_samples for nb in neighbours]
    labels = np.full(n, -1)
    visited = np.zeros(n, dtype=bool)
    cluster = -1
    for i in range(n):
        if visited[i]:
            continue
        visited[i] = True
        if not core[i]:
            continue  # provisional noise: a later cluster may still claim it
        cluster += 1
        labels[i] = cluster
        stack = list(neighbours[i])
        while stack:
            j = stack.pop()
            if not core[j]:
                labels[j] = cluster
            if visited[j]:
                continue
            visited[j] = True
            labels[j] = cluster
            if core[j]:
                stack.extend(neighbours[j])
    return labels
