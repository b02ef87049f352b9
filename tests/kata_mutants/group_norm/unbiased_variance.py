# Uses the unbiased (n - 1) variance.
import numpy as np


def group_norm(x, num_groups, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    N, C = x.shape[:2]
    # Group g holds the contiguous channels g*C/G .. (g+1)*C/G - 1, together with every spatial position.
    grouped = x.reshape(N, num_groups, -1)
    mean = grouped.mean(axis=-1, keepdims=True)
    n = grouped.shape[-1]
    var = ((grouped - mean) ** 2).sum(axis=-1, keepdims=True) / (n - 1)  # biased, two-pass (no E[x^2] - E[x]^2)
    normed = ((grouped - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, C) + (1,) * (x.ndim - 2)  # per-channel affine, broadcast over batch and space
    return normed * gamma.reshape(shape) + beta.reshape(shape)
