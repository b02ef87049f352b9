import numpy as np


def dbscan(X: np.ndarray, eps: float, min_samples: int) -> np.ndarray:
    """DBSCAN labels for the rows of X (n, d), Euclidean distance.

    Neighbourhood: every point within distance <= eps, the point itself included; core: a neighbourhood of at
    least min_samples points. Clusters are numbered 0, 1, ... in order of their lowest-index core point; a
    non-core point takes the smallest cluster id among the core points within eps, or -1 (noise).
    Returns an integer array (n,).
    """
    raise NotImplementedError
