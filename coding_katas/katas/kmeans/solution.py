import numpy as np


def kmeans(X: np.ndarray, init_centroids: np.ndarray, n_iters: int = 100) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    centroids = np.array(init_centroids, dtype=float)  # a copy: the caller's array stays untouched
    labels = None
    for _ in range(n_iters):
        sq_dist = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = np.argmin(sq_dist, axis=1)  # the first minimum: ties go to the lowest index
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(len(centroids)):
            members = X[labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
    return centroids, labels
