# Replaces exact zeros with eps but leaves positive fractions below eps unfloored.
import numpy as np


def population_stability_index(expected_fractions, actual_fractions, eps=1e-4):
    e = np.where(expected_fractions == 0, eps, expected_fractions)
    a = np.where(actual_fractions == 0, eps, actual_fractions)
    return float(np.sum((a - e) * np.log(a / e)))
