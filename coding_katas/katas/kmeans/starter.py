import numpy as np


def kmeans(X: np.ndarray, init_centroids: np.ndarray, n_iters: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm from init_centroids (k, d) on X (n, d), squared Euclidean distance.

    Ties go to the lowest centroid index; a centroid with no points keeps its position; stops early once
    no label changes. Returns (centroids (k, d), labels (n,) int of the last assignment).
    """
    raise NotImplementedError
