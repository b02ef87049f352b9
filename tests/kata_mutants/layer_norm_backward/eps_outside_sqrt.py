# Recomputes the forward with sqrt(var) + eps instead of sqrt(var + eps).
import numpy as np


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    std = np.sqrt(x.var(axis=-1, keepdims=True)) + eps
    x_hat = (x - mu) / std
    lead = tuple(range(x.ndim - 1))
    g = dy * gamma
    dx = (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True)) / std
    return dx, (dy * x_hat).sum(axis=lead), dy.sum(axis=lead)
