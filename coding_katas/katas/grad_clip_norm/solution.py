import math

import numpy as np


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    arrays = [np.asarray(g, dtype=float) for g in grads]
    total = math.sqrt(sum(float(np.sum(g * g)) for g in arrays))
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        return [g * coef for g in arrays], total
    return [g.copy() for g in arrays], total
