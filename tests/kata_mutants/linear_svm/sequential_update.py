# Moves w first, then recomputes the active set for the bias with the new w.
import numpy as np


def fit_linear_svm(X, y, lam=0.01, lr=0.1, n_iters=1000):
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iters):
        margins = y * (X @ w + b)
        active = margins < 1
        grad_w = lam * w - (y[active, None] * X[active]).sum(axis=0) / n
        w = w - lr * grad_w
        grad_b = -y[y * (X @ w + b) < 1].sum() / n
        b = b - lr * grad_b
    return w, float(b)


def predict_linear_svm(w, b, X):
    return np.where(X @ w + b >= 0, 1, -1)
