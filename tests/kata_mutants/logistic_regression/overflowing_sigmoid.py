# Writes the sigmoid as exp(z) / (1 + exp(z)): inf / inf = nan once z passes about 709.
import numpy as np


def fit_logistic_regression(X, y, lr=0.1, n_iters=1000):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_iters):
        e = np.exp(X @ w + b)
        p = e / (1.0 + e)
        w = w - lr * X.T @ (p - y) / n
        b = b - lr * np.mean(p - y)
    return w, float(b)
