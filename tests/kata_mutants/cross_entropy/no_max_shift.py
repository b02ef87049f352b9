# Forgets the max shift: exp overflows for logits near 1e3 and the loss becomes inf or nan.
import numpy as np


def cross_entropy(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))
