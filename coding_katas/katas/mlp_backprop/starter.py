import numpy as np


def mlp_gradients(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray,
                  W2: np.ndarray, b2: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of the mean softmax cross-entropy of logits = relu(X @ W1 + b1) @ W2 + b2.

    X (N, D), integer labels y (N,), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).
    Returns {"W1": ..., "b1": ..., "W2": ..., "b2": ...}, each shaped like its parameter;
    relu'(0) = 0. The inputs are not modified.
    """
    raise NotImplementedError
