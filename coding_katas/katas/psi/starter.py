import numpy as np


def population_stability_index(expected_fractions: np.ndarray, actual_fractions: np.ndarray,
                               eps: float = 1e-4) -> float:
    """PSI between two per-bin fraction arrays of the same shape.

    Every fraction is floored at eps, then PSI = sum((a - e) * ln(a / e)).
    """
    raise NotImplementedError
