# Scales by alpha / r_max (the padded rank) instead of alpha / r_i.
import numpy as np


def multi_lora_linear(x, W, b, A, B, ranks, alphas, adapter_ids):
    x, W, b, A, B = (np.asarray(a, dtype=float) for a in (x, W, b, A, B))
    ids = np.asarray(adapter_ids)
    y = x @ W.T + b  # one base GEMM for the whole batch
    for i in np.unique(ids[ids >= 0]):  # -1 is "no adapter", never an index
        rows = ids == i
        r = int(ranks[i])
        # Only the first r rows of A and columns of B are real; the rest is padding.
        y[rows] += (alphas[i] / A.shape[1]) * (x[rows] @ A[i, :r].T) @ B[i, :, :r].T
    return y
