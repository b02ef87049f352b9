# Takes the first k eigenvectors from np.linalg.eigh, which sorts eigenvalues in increasing order.
import numpy as np


def pca(X, k):
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    return vectors[:, :k].T, values[:k] / values.sum()
