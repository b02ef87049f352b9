# Floors only the production fractions; an empty training bin makes ln(a / 0) infinite.
import numpy as np


def population_stability_index(expected_fractions, actual_fractions, eps=1e-4):
    e = np.asarray(expected_fractions, dtype=float)
    a = np.maximum(np.asarray(actual_fractions, dtype=float), eps)
    with np.errstate(divide="ignore"):
        return float(np.sum((a - e) * np.log(a / e)))
