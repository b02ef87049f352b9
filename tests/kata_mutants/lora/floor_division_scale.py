# Uses integer division alpha // r, so alpha = 3, r = 2 scales by 1 instead of 1.5.
import numpy as np


def lora_forward(x, W, b, A, B, alpha):
    r = A.shape[0]
    return x @ W.T + b + (alpha // r) * (x @ A.T) @ B.T
