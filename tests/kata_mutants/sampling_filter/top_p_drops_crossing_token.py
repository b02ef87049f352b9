# Keeps only tokens whose cumulative probability is <= top_p, dropping the one that crosses it.
import numpy as np


def top_k_top_p_filter(logits, top_k=0, top_p=1.0):
    out = logits.astype(float).copy()
    if 0 < top_k < len(out):
        out[out < np.sort(out)[-top_k]] = -np.inf
    if top_p < 1.0:
        p = np.exp(out - out.max())
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        cum = np.cumsum(p[order])
        remove = cum > top_p
        remove[0] = False
        out[order[remove]] = -np.inf
    return out
