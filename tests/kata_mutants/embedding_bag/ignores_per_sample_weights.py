# Accepts per_sample_weights but never multiplies the rows by them.
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
    sizes = np.diff(np.append(offsets, len(indices)))
    out = np.zeros((len(offsets), weight.shape[1]))
    np.add.at(out, np.repeat(np.arange(len(offsets)), sizes), weight[indices])
    if mode == "mean":
        out /= np.maximum(sizes, 1)[:, None]
    return out
