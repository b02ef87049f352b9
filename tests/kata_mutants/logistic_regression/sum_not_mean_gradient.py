# Uses the gradient of the summed loss (no division by n), so every step is n times too big.
import numpy as np


def fit_logistic_regression(X, y, lr=0.1, n_iters=1000):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iters):
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        w = w - lr * X.T @ (p - y)
        b = b - lr * np.sum(p - y)
    return w, float(b)
