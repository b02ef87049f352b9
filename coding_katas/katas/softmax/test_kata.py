from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _slice_softmax(x, axis=-1):
    """Independent model: each slice along the axis moved last, max-shifted exp and math.fsum per slice."""
    import math

    moved = np.moveaxis(np.asarray(x, float), axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(flat)
    for r, row in enumerate(flat.tolist()):
        top = max(row)
        e = [math.exp(v - top) for v in row]
        total = math.fsum(e)
        out[r] = [v / total for v in e]
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


_MODEL = SimpleNamespace(softmax=_slice_softmax)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748219]))
def one_vector(m):
    """softmax([1, 2, 3])"""
    return m.softmax(np.array([1.0, 2.0, 3.0]))


@sample(expected=np.array([[0.5, 0.5], [1 / (1 + np.e), np.e / (1 + np.e)]]))
def rows_of_a_matrix(m):
    """softmax over the last axis of [[0, 0], [0, 1]]"""
    return m.softmax(np.array([[0.0, 0.0], [0.0, 1.0]]))


@sample(expected=np.array([1.0, 0.0, 0.0]))
def huge_logits_stay_finite(m):
    """softmax([1e4, 0, -1e4]) must not overflow"""
    return m.softmax(np.array([1e4, 0.0, -1e4]))


@_expected_from_model(hidden)
def axis_zero(m):
    """a (3, 4) matrix normalised down its columns"""
    x = np.random.default_rng(1).normal(size=(3, 4)) * 5
    return m.softmax(x, axis=0)


@_expected_from_model(hidden)
def three_dims_middle_axis(m):
    x = np.random.default_rng(2).normal(size=(2, 5, 3)) * 3
    return m.softmax(x, axis=1)


@_expected_from_model(hidden)
def negative_axis_minus_two(m):
    x = np.random.default_rng(3).normal(size=(4, 3, 2))
    return m.softmax(x, axis=-2)


@hidden(expected=np.array([[1.0], [1.0]]))
def single_element_axis(m):
    return m.softmax(np.array([[-7.0], [123.0]]))


@hidden(expected=np.full(5, 0.2))
def all_equal_is_uniform(m):
    return m.softmax(np.full(5, -3000.0))


@_expected_from_model(hidden)
def very_negative_rows(m):
    """every entry near -1e4: naive exp underflows to 0/0"""
    return m.softmax(np.array([[-1e4, -1e4 + 1.0, -1e4 + 2.0]]))


@_expected_from_model(hidden)
def input_is_not_modified(m):
    x = np.array([[3.0, 1.0, -2.0]])
    m.softmax(x)
    return x


# Independent checks of the reference itself (plain pytest only).
def test_matches_scipy_definition(solution):
    x = np.random.default_rng(0).normal(size=(6, 7)) * 10
    expected = np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(solution.softmax(x), expected, rtol=1e-12)
