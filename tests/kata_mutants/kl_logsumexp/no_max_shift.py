# Exponentiates without subtracting the max: overflows for large entries.
import numpy as np


def logsumexp(x, axis=-1, keepdims=False):
    x = np.asarray(x, dtype=float)
    m = np.zeros_like(np.max(x, axis=axis, keepdims=True))
    # A slice that is all -inf has max -inf; shifting by it would give -inf - -inf = nan, so shift by 0.
    m = np.where(np.isneginf(m), 0.0, m)
    with np.errstate(divide="ignore"):  # log(0) = -inf for an all -inf slice is the right answer
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def kl_divergence(p, q, axis=-1):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)  # 0 log(0/q) = 0; p > 0 = q gives +inf
    return np.sum(terms, axis=axis)


def kl_from_logits(logits_p, logits_q, axis=-1):
    lp, lq = np.asarray(logits_p, dtype=float), np.asarray(logits_q, dtype=float)
    log_p = lp - logsumexp(lp, axis=axis, keepdims=True)
    log_q = lq - logsumexp(lq, axis=axis, keepdims=True)
    p = np.exp(log_p)
    with np.errstate(invalid="ignore"):
        terms = np.where(p > 0, p * (log_p - log_q), 0.0)
    return np.sum(terms, axis=axis)
