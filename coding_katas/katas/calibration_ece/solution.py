import numpy as np


def calibration_ece(y_true: np.ndarray, y_prob: np.ndarray, n_bins: int = 10) -> dict:
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    # Left-closed bins [b / B, (b + 1) / B); p = 1.0 would start bin B, so it joins the last one.
    bins = np.minimum(np.floor(y_prob * n_bins).astype(int), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    filled = count > 0
    mean_predicted = np.full(n_bins, np.nan)
    fraction_positive = np.full(n_bins, np.nan)
    mean_predicted[filled] = np.bincount(bins, weights=y_prob, minlength=n_bins)[filled] / count[filled]
    fraction_positive[filled] = np.bincount(bins, weights=y_true, minlength=n_bins)[filled] / count[filled]
    gaps = np.abs(fraction_positive[filled] - mean_predicted[filled])
    return {
        "count": count,
        "mean_predicted": mean_predicted,
        "fraction_positive": fraction_positive,
        "ece": float(np.sum(count[filled] / len(y_prob) * gaps)),
        "mce": float(gaps.max()),
    }
