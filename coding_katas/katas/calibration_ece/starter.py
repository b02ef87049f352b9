import numpy as np


def calibration_ece(y_true: np.ndarray, y_prob: np.ndarray, n_bins: int = 10) -> dict:
    """Reliability-diagram bins and calibration errors for binary predictions.

    y_true: (n,) labels in {0, 1}; y_prob: (n,) predicted P(y = 1) in [0, 1]. Bin of p:
    min(floor(p * n_bins), n_bins - 1). Returns {"count": int (n_bins,), "mean_predicted": float
    (n_bins,), "fraction_positive": float (n_bins,), "ece": float, "mce": float}; empty bins have
    NaN statistics and are skipped by ece (weighted by count / n) and mce (max gap).
    """
    raise NotImplementedError
