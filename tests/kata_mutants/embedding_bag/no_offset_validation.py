# Correct pooling, but silently accepts offsets that do not start at 0 or that decrease.
import numpy as np


def embedding_bag(weight, indices, offsets, mode="mean", per_sample_weights=None):
    if mode not in ("sum", "mean"):
        raise ValueError("bad mode")
    if per_sample_weights is not None and mode != "sum":
        raise ValueError("weights need sum")
    ends = np.append(offsets[1:], len(indices)).astype(int)
    out = np.zeros((len(offsets), weight.shape[1]))
    for b, (s, e) in enumerate(zip(offsets, ends)):
        rows = weight[indices[s:e]]
        if per_sample_weights is not None:
            rows = rows * per_sample_weights[s:e, None]
        if e > s:
            out[b] = rows.sum(axis=0) if mode == "sum" else rows.mean(axis=0)
    return out
