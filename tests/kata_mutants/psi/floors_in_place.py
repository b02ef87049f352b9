# Correct value, but floors the caller's arrays in place.
import numpy as np


def population_stability_index(expected_fractions, actual_fractions, eps=1e-4):
    e, a = expected_fractions, actual_fractions
    e[e < eps] = eps
    a[a < eps] = eps
    return float(np.sum((a - e) * np.log(a / e)))
