# Reads the rank from A.shape[1] (that is d_in) instead of A.shape[0].
import numpy as np


def lora_forward(x, W, b, A, B, alpha):
    r = A.shape[1]
    return x @ W.T + b + (alpha / r) * (x @ A.T) @ B.T
