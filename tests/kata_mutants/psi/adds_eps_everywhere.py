# Smooths by adding eps to every bin instead of flooring at eps.
import numpy as np


def population_stability_index(expected_fractions, actual_fractions, eps=1e-4):
    e = np.asarray(expected_fractions, dtype=float) + eps
    a = np.asarray(actual_fractions, dtype=float) + eps
    return float(np.sum((a - e) * np.log(a / e)))
