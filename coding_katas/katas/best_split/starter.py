import numpy as np


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float]:
    """(feature, threshold) minimising the size-weighted Gini impurity of the children.

    Thresholds are midpoints between consecutive distinct sorted values; rows with x <= t go left.
    Ties: lowest feature, then lowest threshold. Every feature constant: (-1, 0.0).
    """
    raise NotImplementedError
