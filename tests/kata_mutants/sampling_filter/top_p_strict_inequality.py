# Stops at the first cumulative probability strictly greater than top_p, keeping one token too many on equality.
import numpy as np


def top_k_top_p_filter(logits, top_k=0, top_p=1.0):
    out = logits.astype(float).copy()
    if 0 < top_k < len(out):
        out[out < np.sort(out)[-top_k]] = -np.inf
    if top_p < 1.0:
        p = np.exp(out - out.max())
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        keep = np.searchsorted(np.cumsum(p[order]), top_p, side="right") + 1
        out[order[keep:]] = -np.inf
    return out
