import numpy as np


def fit_linear_regression(X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> tuple[np.ndarray, float]:
    """Exact minimiser (w, b) of ||X w + b - y||^2 + l2 * ||w||^2; the bias b is not penalised.

    X: (n, d), y: (n,). Returns w of shape (d,) and b as a float.
    """
    raise NotImplementedError
