# Always steps by kernel_size, ignoring an explicit stride.
import numpy as np


def max_pool2d(x, kernel_size, stride=None):
    k = kernel_size
    n, c, h, w = x.shape
    ho, wo = h // k, w // k
    return x[:, :, :ho * k, :wo * k].reshape(n, c, ho, k, wo, k).max(axis=(3, 5))
