# Correct components and ratios, but centers the caller's X in place.
import numpy as np


def pca(X, k):
    X -= X.mean(axis=0)
    _, s, vt = np.linalg.svd(X, full_matrices=False)
    return vt[:k], s[:k] ** 2 / np.sum(s**2)
