import numpy as np

from coding_katas.scenarios import hidden, sample

_E = np.exp([-2.0, -1.0, 0.0])


@sample(expected=_E / _E.sum())
def one_vector(m):
    """softmax([1, 2, 3])"""
    return m.softmax(np.array([1.0, 2.0, 3.0]))


@sample(expected=np.array([[0.5, 0.5], [1 / (1 + np.e), np.e / (1 + np.e)]]))
def rows_of_a_matrix(m):
    """softmax over the last axis of [[0, 0], [0, 1]]"""
    return m.softmax(np.array([[0.0, 0.0], [0.0, 1.0]]))


@hidden(expected=np.array([1.0, 0.0, 0.0]))
def huge_logits_stay_finite(m):
    return m.softmax(np.array([1e4, 0.0, -1e4]))
