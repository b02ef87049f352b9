# Reports 0.0 instead of NaN for the statistics of empty bins.
import numpy as np


def calibration_ece(y_true, y_prob, n_bins=10):
    n = len(y_prob)
    idx = np.minimum((y_prob * n_bins).astype(int), n_bins - 1)
    count = np.zeros(n_bins, dtype=int)
    mean_predicted = np.zeros(n_bins)
    fraction_positive = np.zeros(n_bins)
    ece, mce = 0.0, 0.0
    for b in range(n_bins):
        inside = idx == b
        count[b] = inside.sum()
        if count[b] == 0:
            continue
        mean_predicted[b] = y_prob[inside].mean()
        fraction_positive[b] = y_true[inside].mean()
        gap = abs(fraction_positive[b] - mean_predicted[b])
        ece += count[b] / n * gap
        mce = max(mce, gap)
    return {"count": count, "mean_predicted": mean_predicted, "fraction_positive": fraction_positive,
            "ece": float(ece), "mce": float(mce)}
