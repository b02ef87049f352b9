# Returns eigenvectors in columns (d, k) instead of rows (k, d).
import numpy as np


def pca(X, k):
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(values)[::-1][:k]
    return vectors[:, order], values[order] / values.sum()
