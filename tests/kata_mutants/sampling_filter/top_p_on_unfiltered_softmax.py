# Computes the nucleus from the softmax of all logits instead of the logits that survived top-k.
import numpy as np


def top_k_top_p_filter(logits, top_k=0, top_p=1.0):
    x = logits.astype(float)
    out = x.copy()
    if 0 < top_k < len(out):
        out[out < np.sort(x)[-top_k]] = -np.inf
    if top_p < 1.0:
        p = np.exp(x - x.max())
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        keep = np.searchsorted(np.cumsum(p[order]), top_p) + 1
        out[order[keep:]] = -np.inf
    return out
