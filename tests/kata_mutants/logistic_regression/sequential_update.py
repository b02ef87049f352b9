# Updates w first and recomputes the predictions with the new w before taking the bias gradient.
import numpy as np


def fit_logistic_regression(X, y, lr=0.1, n_iters=1000):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_iters):
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        w = w - lr * X.T @ (p - y) / n
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        b = b - lr * np.mean(p - y)
    return w, float(b)
