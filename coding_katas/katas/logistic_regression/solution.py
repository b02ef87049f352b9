import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp is only ever taken of -|z|, so it cannot overflow.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_iters):
        error = _sigmoid(X @ w + b) - y
        grad_w, grad_b = X.T @ error / n, error.mean()
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)
