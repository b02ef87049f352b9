import numpy as np


def fit_linear_svm(
    X: np.ndarray, y: np.ndarray, lam: float = 0.01, lr: float = 0.1, n_iters: int = 1000
) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_iters):
        # A margin of exactly 1 sits on the hinge's kink; the contract picks the zero subgradient there.
        active = y * (X @ w + b) < 1
        grad_w = lam * w - X[active].T @ y[active] / n
        grad_b = -y[active].sum() / n
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)


def predict_linear_svm(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    scores = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b
    return np.where(scores >= 0, 1, -1)
