# Drops the path through the variance: dx = inv_std * (g - mean(g)).
import numpy as np


def layer_norm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    inv_std = 1 / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    x_hat = (x - mu) * inv_std
    lead = tuple(range(x.ndim - 1))
    g = dy * gamma
    dx = inv_std * (g - g.mean(axis=-1, keepdims=True))
    return dx, (dy * x_hat).sum(axis=lead), dy.sum(axis=lead)
