# Clips with max_norm / total only when total > max_norm, dropping torch's 1e-6 in the denominator.
import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    if total > max_norm:
        return [g * (max_norm / total) for g in grads], total
    return [g.copy() for g in grads], total
