import numpy as np


def batch_norm_train(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    mean = x.mean(axis=0)
    var = x.var(axis=0)  # biased: divides by N
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
