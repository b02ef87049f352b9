# Clips every array by its own norm instead of one global coefficient.
import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    out = []
    for g in grads:
        coef = max_norm / (np.linalg.norm(g.ravel()) + 1e-6)
        out.append(g * coef if coef < 1 else g.copy())
    return out, total
