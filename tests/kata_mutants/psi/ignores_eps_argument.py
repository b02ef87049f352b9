# Hard-codes the floor at 1e-4 instead of using the eps argument.
import numpy as np


def population_stability_index(expected_fractions, actual_fractions, eps=1e-4):
    e = np.clip(expected_fractions, 1e-4, None)
    a = np.clip(actual_fractions, 1e-4, None)
    return float(np.sum((a - e) * np.log(a / e)))
