import numpy as np


def mlp_gradients(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray,
                  W2: np.ndarray, b2: np.ndarray) -> dict[str, np.ndarray]:
    n = X.shape[0]
    z = X @ W1 + b1
    h = np.maximum(z, 0.0)
    logits = h @ W2 + b2

    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    d_logits = probs.copy()
    d_logits[np.arange(n), y] -= 1.0
    d_logits /= n

    d_h = d_logits @ W2.T
    d_z = d_h * (z > 0)
    return {
        "W1": X.T @ d_z,
        "b1": d_z.sum(axis=0),
        "W2": h.T @ d_logits,
        "b2": d_logits.sum(axis=0),
    }
