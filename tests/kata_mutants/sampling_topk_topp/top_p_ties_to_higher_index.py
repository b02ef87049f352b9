# Sorts the nucleus with argsort(-p)[::-1]-style ordering: equal probabilities go to the higher index first.
import numpy as np


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def sampling_distribution(logits, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    z = np.asarray(logits, dtype=float)
    n = z.size
    if temperature == 0:
        probs = np.zeros(n)
        probs[int(np.argmax(z))] = 1.0  # greedy: first index among equal maxima
        return probs
    probs = _softmax(z / temperature)
    keep = np.ones(n, dtype=bool)
    if 0 < top_k < n:
        kth = np.sort(probs)[::-1][top_k - 1]
        keep &= probs >= kth  # ties with the k-th largest all survive
    if top_p < 1.0:
        p = np.where(keep, probs, 0.0)
        p /= p.sum()
        order = np.lexsort((-np.arange(n), -p))  # by probability, highest first; ties to the lower index
        cum = np.cumsum(p[order])
        n_keep = int(np.searchsorted(cum, top_p, side="left")) + 1  # first prefix reaching top_p
        nucleus = np.zeros(n, dtype=bool)
        nucleus[order[:min(n_keep, n)]] = True
        keep &= nucleus
    if min_p > 0.0:
        p = np.where(keep, probs, 0.0)
        keep &= p >= min_p * p.max()
    out = np.where(keep, probs, 0.0)
    return out / out.sum()


def sample_token(logits, u, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    probs = sampling_distribution(logits, temperature, top_k, top_p, min_p)
    cum = np.cumsum(probs)
    j = int(np.searchsorted(cum, u, side="right"))  # smallest j with u < cum[j]
    return j if j < len(probs) else int(np.flatnonzero(probs > 0)[-1])
