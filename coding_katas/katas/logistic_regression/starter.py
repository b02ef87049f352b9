import numpy as np


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_iters: int = 1000
) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent on the mean binary cross-entropy, from w = 0 and b = 0.

    X: (n, d), y: (n,) labels in {0, 1}. Exactly n_iters updates w -= lr * grad_w, b -= lr * grad_b.
    Returns w of shape (d,) and b as a float.
    """
    raise NotImplementedError
