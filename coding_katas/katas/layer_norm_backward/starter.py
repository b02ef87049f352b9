import numpy as np


def layer_norm_backward(dy: np.ndarray, x: np.ndarray, gamma: np.ndarray,
                        eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of y = gamma * (x - mean) / sqrt(var + eps) + beta over the last axis.

    dy and x have shape (..., D); gamma (D,). Biased variance. Returns (dx, dgamma, dbeta) with dx
    shaped like x and dgamma, dbeta of shape (D,) summed over all leading axes. Inputs unchanged.
    """
    raise NotImplementedError
