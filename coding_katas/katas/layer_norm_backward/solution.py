import numpy as np


def layer_norm_backward(dy: np.ndarray, x: np.ndarray, gamma: np.ndarray,
                        eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    dy = np.asarray(dy, dtype=float)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)  # biased, as in the forward pass
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std

    lead = tuple(range(x.ndim - 1))
    dgamma = np.sum(dy * x_hat, axis=lead)
    dbeta = np.sum(dy, axis=lead)

    g = dy * gamma  # dL/dx_hat
    # The mean term comes from the path through mu, the x_hat term from the path through sigma^2.
    dx = inv_std * (g - g.mean(axis=-1, keepdims=True) - x_hat * np.mean(g * x_hat, axis=-1, keepdims=True))
    return dx, dgamma, dbeta
