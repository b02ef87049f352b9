import numpy as np


def fit_linear_regression(X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    # For any w the optimal bias is mean(y) - mean(X) @ w; substituting it leaves a ridge problem
    # without bias on the centered data.
    Xc = X - x_mean
    w = np.linalg.solve(Xc.T @ Xc + l2 * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return w, float(y_mean - x_mean @ w)
