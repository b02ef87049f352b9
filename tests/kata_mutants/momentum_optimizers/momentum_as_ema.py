# Momentum buffer as an exponential moving average: b = mu * b + (1 - mu) * g.
import numpy as np


def sgd_momentum(param, grad_fn, n_steps, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
    p = np.array(param, dtype=float)
    path, buf = [p.copy()], None
    for _ in range(n_steps):
        g = grad_fn(p.copy()) + weight_decay * p  # L2 folded into the gradient, before momentum
        if momentum != 0.0:
            # PyTorch starts the buffer at the first gradient itself (not at momentum * 0 + g, which is equal).
            buf = (1 - momentum) * g if buf is None else momentum * buf + (1 - momentum) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
        path.append(p.copy())
    return np.stack(path)


def adagrad(param, grad_fn, n_steps, lr, eps=1e-10, weight_decay=0.0):
    p = np.array(param, dtype=float)
    path, state = [p.copy()], np.zeros_like(p)
    for _ in range(n_steps):
        g = grad_fn(p.copy()) + weight_decay * p
        state = state + g * g
        p = p - lr * g / (np.sqrt(state) + eps)  # eps outside the square root, as torch
        path.append(p.copy())
    return np.stack(path)


def rmsprop(param, grad_fn, n_steps, lr, alpha=0.99, eps=1e-8, momentum=0.0, centered=False):
    p = np.array(param, dtype=float)
    path = [p.copy()]
    sq, mean_g, buf = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
    for _ in range(n_steps):
        g = grad_fn(p.copy())
        sq = alpha * sq + (1 - alpha) * g * g
        if centered:
            mean_g = alpha * mean_g + (1 - alpha) * g
            denom = np.sqrt(sq - mean_g * mean_g) + eps
        else:
            denom = np.sqrt(sq) + eps
        if momentum > 0:
            buf = momentum * buf + g / denom
            p = p - lr * buf
        else:
            p = p - lr * g / denom
        path.append(p.copy())
    return np.stack(path)
