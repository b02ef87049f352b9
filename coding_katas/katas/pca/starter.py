import numpy as np


def pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k principal components of X (n, d), which this function centers itself.

    Returns (components, explained_variance_ratio): components (k, d) with orthonormal rows in order of
    decreasing variance (the sign of each row is free), ratio (k,) = component variance / total variance.
    """
    raise NotImplementedError
