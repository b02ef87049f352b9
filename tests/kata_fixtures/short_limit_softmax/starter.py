import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax of x along `axis`, numerically stable for |x| up to 1e4.

    Returns an array of the same shape as x whose slices along `axis` sum to 1.
    """
    raise NotImplementedError
