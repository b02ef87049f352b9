# Puts channel c in group c % G (strided) instead of contiguous blocks of channels.
import numpy as np


def group_norm(x, num_groups, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    N, C = x.shape[:2]
    # Group g holds the contiguous channels g*C/G .. (g+1)*C/G - 1, together with every spatial position.
    grouped = np.swapaxes(x.reshape((N, C // num_groups, num_groups) + x.shape[2:]), 1, 2).reshape(N, num_groups, -1)
    mean = grouped.mean(axis=-1, keepdims=True)
    var = ((grouped - mean) ** 2).mean(axis=-1, keepdims=True)  # biased, two-pass (no E[x^2] - E[x]^2)
    normed = ((grouped - mean) / np.sqrt(var + eps)).reshape((N, num_groups, C // num_groups) + x.shape[2:])
    normed = np.swapaxes(normed, 1, 2).reshape(x.shape)
    shape = (1, C) + (1,) * (x.ndim - 2)  # per-channel affine, broadcast over batch and space
    return normed * gamma.reshape(shape) + beta.reshape(shape)
