import numpy as np


def train_softmax_regression(X: np.ndarray, y: np.ndarray, n_classes: int, lr: float, batch_size: int,
                             n_epochs: int, seed: int, l2: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mini-batch SGD on mean softmax cross-entropy (+ l2/2 * ||W||^2) from zero weights.

    One rng = np.random.default_rng(seed); order = rng.permutation(N) at the start of every epoch.
    Returns (W (D, C), b (C,), losses) with one loss per batch, recorded before its update.
    """
    raise NotImplementedError
