import numpy as np


def pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    centered = X - X.mean(axis=0)
    # Rows of vt are the principal axes, already sorted by decreasing singular value;
    # each component's variance is proportional to its squared singular value.
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    variances = s**2
    return vt[:k].copy(), variances[:k] / variances.sum()
