import numpy as np


def population_stability_index(expected_fractions: np.ndarray, actual_fractions: np.ndarray,
                               eps: float = 1e-4) -> float:
    e = np.maximum(np.asarray(expected_fractions, dtype=float), eps)
    a = np.maximum(np.asarray(actual_fractions, dtype=float), eps)
    return float(np.sum((a - e) * np.log(a / e)))
