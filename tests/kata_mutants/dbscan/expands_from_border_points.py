# Expands from every reached point, core or not, so clusters chain through border points.
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
            if labels[j] == -1:
                labels[j] = cluster
            if visited[j]:
                continue
            visited[j] = True
            labels[j] = cluster
            if True:
                stack.extend(neighbours[j])
    return labels
