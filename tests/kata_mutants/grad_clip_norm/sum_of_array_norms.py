# Adds up the per-array L2 norms instead of taking the norm of the concatenation.
import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(sum(np.linalg.norm(g.ravel()) for g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        return [g * coef for g in grads], total
    return [g.copy() for g in grads], total
