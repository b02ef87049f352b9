from collections import deque

import numpy as np


def dbscan(X: np.ndarray, eps: float, min_samples: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    n = len(X)
    distances = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    neighbours = [np.flatnonzero(row) for row in distances <= eps]  # each point is its own neighbour
    core = np.array([len(nb) >= min_samples for nb in neighbours], dtype=bool)

    labels = np.full(n, -1, dtype=int)
    cluster = 0
    for start in range(n):
        if not core[start] or labels[start] != -1:
            continue
        # Clusters are grown one at a time, so a border point is claimed by the lowest cluster id reaching it.
        labels[start] = cluster
        queue = deque([start])
        while queue:
            for q in neighbours[queue.popleft()]:
                if labels[q] == -1:
                    labels[q] = cluster
                    if core[q]:
                        queue.append(q)
        cluster += 1
    return labels
