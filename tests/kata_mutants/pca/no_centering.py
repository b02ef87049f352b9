# Forgets to center X before the SVD, so the first axis points towards the mean.
import numpy as np


def pca(X, k):
    _, s, vt = np.linalg.svd(X, full_matrices=False)
    return vt[:k], s[:k] ** 2 / np.sum(s**2)
