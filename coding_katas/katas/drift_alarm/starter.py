import numpy as np


def window_scores(stream, reference, window, method="ks", bin_edges=None, eps=1e-4) -> np.ndarray:
    """Drift score of every full rolling window of `stream` against `reference`.

    Returns a float array of length max(T - window + 1, 0); entry i scores stream[i : i + window].
    method "ks": two-sample KS statistic; method "psi": PSI on bin_edges (outer bins open-ended,
    a value on an interior edge goes to the bin on its right), fractions floored at eps.
    """
    raise NotImplementedError


def drift_alarms(stream, reference, window, threshold, patience, method="ks", bin_edges=None,
                 eps=1e-4) -> list[int]:
    """Stream indices where an alarm fires.

    A window is hot when its score > threshold. An alarm fires at the last index of the window that
    makes `patience` consecutive hot windows; the count then restarts from 0.
    """
    raise NotImplementedError
