# Stable softmax, but log(p + 1e-12) caps each row's loss at about 27.6 instead of using logsumexp.
import numpy as np


def cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-12)))
