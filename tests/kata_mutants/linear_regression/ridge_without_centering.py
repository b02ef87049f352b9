# Solves the ridge system on the raw X (no intercept), then sets b to the mean residual.
import numpy as np


def fit_linear_regression(X, y, l2=0.0):
    w = np.linalg.solve(X.T @ X + l2 * np.eye(X.shape[1]), X.T @ y)
    return w, float(np.mean(y - X @ w))
