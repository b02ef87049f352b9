# Divides each variance by the sum over the k kept components instead of the total variance.
import numpy as np


def pca(X, k):
    centered = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    variances = s[:k] ** 2
    return vt[:k], variances / variances.sum()
