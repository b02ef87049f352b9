# Divides every bag by its size, so an empty bag becomes 0 / 0 = nan in mean mode.
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
    ends = np.append(offsets[1:], len(indices))
    out = np.zeros((len(offsets), weight.shape[1]))
    for b, (s, e) in enumerate(zip(offsets, ends)):
        rows = weight[indices[s:e]]
        if per_sample_weights is not None:
            rows = rows * per_sample_weights[s:e, None]
        out[b] = rows.sum(axis=0)
        if mode == "mean":
            with np.errstate(invalid="ignore"):
                out[b] = out[b] / (e - s)
    return out
