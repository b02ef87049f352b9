# Correct values, but centres and scales the caller's array in place.
import numpy as np


def batch_norm_train(x, gamma, beta, eps=1e-5):
    x -= x.mean(axis=0)
    x /= np.sqrt((x ** 2).mean(axis=0) + eps)
    return gamma * x + beta
