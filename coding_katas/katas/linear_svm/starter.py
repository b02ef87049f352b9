import numpy as np


def fit_linear_svm(
    X: np.ndarray, y: np.ndarray, lam: float = 0.01, lr: float = 0.1, n_iters: int = 1000
) -> tuple[np.ndarray, float]:
    """Full-batch subgradient descent on lam/2 ||w||^2 + mean(max(0, 1 - y (X w + b))), from w = 0, b = 0.

    X: (n, d) floats, y: (n,) labels in {-1, +1}. A row is active iff its margin y (x.w + b) < 1
    (strictly). Exactly n_iters simultaneous updates w -= lr * grad_w, b -= lr * grad_b; b is not
    regularised. Returns w (d,) and b as a float.
    """
    raise NotImplementedError


def predict_linear_svm(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """Integer labels (m,): +1 where X w + b >= 0, else -1."""
    raise NotImplementedError
