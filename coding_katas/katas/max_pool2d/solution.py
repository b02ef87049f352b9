import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d(x: np.ndarray, kernel_size: int, stride: int | None = None) -> np.ndarray:
    x = np.asarray(x)
    k = kernel_size
    s = k if stride is None else stride
    # Every k x k window at stride 1, shape (N, C, H - k + 1, W - k + 1, k, k); keep every s-th.
    windows = sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]
    return windows.max(axis=(-2, -1))
