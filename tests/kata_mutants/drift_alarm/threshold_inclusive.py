# Counts a window as hot when its score equals the threshold (>= instead of >).
import numpy as np


def _ks(window_sorted: np.ndarray, ref_sorted: np.ndarray) -> float:
    # Both empirical CDFs are right-continuous steps: the largest gap is reached at a pooled sample point.
    points = np.concatenate([window_sorted, ref_sorted])
    cdf_w = np.searchsorted(window_sorted, points, side="right") / window_sorted.size
    cdf_r = np.searchsorted(ref_sorted, points, side="right") / ref_sorted.size
    return float(np.max(np.abs(cdf_w - cdf_r)))


def _bin_index(x: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # Only the interior edges matter: the outer bins reach to -inf and +inf.
    return np.searchsorted(edges[1:-1], x, side="right")


def window_scores(stream, reference, window, method="ks", bin_edges=None, eps=1e-4) -> np.ndarray:
    stream = np.asarray(stream, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if window < 1:
        raise ValueError("window must be >= 1")
    if reference.size == 0:
        raise ValueError("reference must not be empty")
    if method not in ("ks", "psi"):
        raise ValueError(f"unknown method {method!r}")
    n_windows = max(stream.size - window + 1, 0)

    if method == "ks":
        ref_sorted = np.sort(reference)
        return np.array([_ks(np.sort(stream[i:i + window]), ref_sorted) for i in range(n_windows)], dtype=float)

    if bin_edges is None:
        raise ValueError("method 'psi' needs bin_edges")
    edges = np.asarray(bin_edges, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bin_edges must be a strictly increasing 1-D array of at least 2 edges")
    n_bins = edges.size - 1
    expected = np.bincount(_bin_index(reference, edges), minlength=n_bins) / reference.size
    if n_windows == 0:
        return np.zeros(0)
    # Counts of every window at once: running totals of the one-hot bin of each value.
    one_hot = np.zeros((stream.size + 1, n_bins))
    one_hot[np.arange(1, stream.size + 1), _bin_index(stream, edges)] = 1.0
    totals = np.cumsum(one_hot, axis=0)
    actual = (totals[window:] - totals[:-window]) / window
    e = np.maximum(expected, eps)
    a = np.maximum(actual, eps)
    return np.sum((a - e) * np.log(a / e), axis=1)


def drift_alarms(stream, reference, window, threshold, patience, method="ks", bin_edges=None,
                 eps=1e-4) -> list[int]:
    if patience < 1:
        raise ValueError("patience must be >= 1")
    scores = window_scores(stream, reference, window, method, bin_edges, eps)
    alarms, run = [], 0
    for i, score in enumerate(scores):
        run = run + 1 if score >= threshold else 0
        if run == patience:
            alarms.append(i + window - 1)  # index of the window's last value in the stream
            run = 0
    return alarms
