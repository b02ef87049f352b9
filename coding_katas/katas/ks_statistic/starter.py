import numpy as np


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic D = max over x of |F_a(x) - F_b(x)|.

    F_a and F_b are the empirical CDFs of the two 1-D samples (the same as scipy.stats.ks_2samp).
    """
    raise NotImplementedError
