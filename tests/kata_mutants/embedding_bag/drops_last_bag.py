# Pairs consecutive offsets only, so the last bag (which runs to the end of indices) is lost.
import numpy as np


def embedding_bag(weight, indices, offsets, mode="mean", per_sample_weights=None):
    if mode not in ("sum", "mean"):
        raise ValueError("bad mode")
    if per_sample_weights is not None and mode != "sum":
        raise ValueError("weights need sum")
    if len(offsets) == 0:
        if len(indices):
            raise ValueError("no bags")
        return np.zeros((0, weight.shape[1]))
    if offsets[0] != 0 or np.any(np.diff(offsets) < 0) or offsets[-1] > len(indices):
        raise ValueError("bad offsets")
    out = []
    for s, e in zip(offsets[:-1], offsets[1:]):
        rows = weight[indices[s:e]]
        if per_sample_weights is not None:
            rows = rows * per_sample_weights[s:e, None]
        pooled = rows.sum(axis=0)
        if mode == "mean" and e > s:
            pooled = pooled / (e - s)
        out.append(pooled)
    return np.array(out).reshape(-1, weight.shape[1])
