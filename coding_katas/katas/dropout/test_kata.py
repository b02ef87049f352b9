from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


class _FixedDraws:
    """A stand-in generator whose random(size) returns preset uniforms (to pin down the >= rule)."""

    def __init__(self, values):
        self.values = np.asarray(values, dtype=float)

    def random(self, size=None, dtype=np.float64, out=None):
        return self.values.reshape(size).copy()


def _spec_dropout(x, p, rng, training=True):
    """Independent model: one rng.random(x.shape), keep u >= p, scale kept entries by 1 / (1 - p)."""
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    if not training:
        return np.array(x, dtype=float)
    u = rng.random(x.shape)
    kept = [xi / (1 - p) if ui >= p else 0.0 for xi, ui in zip(np.ravel(x), np.ravel(u), strict=True)]
    return np.array(kept).reshape(x.shape)


_MODEL = SimpleNamespace(dropout=_spec_dropout)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _error_name(call):
    try:
        call()
    except ValueError:
        return "ValueError"
    return "no error"


@sample(expected=np.array([1 / 0.6, 2 / 0.6, 0.0, 4 / 0.6, 0.0, 6 / 0.6]))
def prompt_example(m):
    """x = [1, 2, 3, 4, 5, 6], p = 0.4, rng = default_rng(1)"""
    return m.dropout(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 0.4, np.random.default_rng(1))


@sample(expected=np.zeros((2, 3)))
def p_one_drops_everything(m):
    """a (2, 3) array, p = 1: all zeros, no nan"""
    return m.dropout(np.arange(6.0).reshape(2, 3) - 2.5, 1.0, np.random.default_rng(2))


@_expected_from_model(sample)
def p_zero_is_identity_but_draws(m):
    """p = 0 on [3, -1, 2]; returns [output, the generator's next three draws] (the mask is still drawn)"""
    rng = np.random.default_rng(3)
    y = m.dropout(np.array([3.0, -1.0, 2.0]), 0.0, rng)
    return [y, rng.random(3)]


@_expected_from_model(sample)
def eval_mode_is_identity_and_leaves_rng(m):
    """training=False, p = 0.7 on a (2, 2) array; returns [output, the generator's next three draws]"""
    rng = np.random.default_rng(4)
    y = m.dropout(np.array([[1.5, -2.0], [0.25, 8.0]]), 0.7, rng, training=False)
    return [y, rng.random(3)]


@hidden(expected=np.array([1 / 0.75, 0.0, 3 / 0.75, 0.0]))
def draw_equal_to_p_is_kept(m):
    """preset draws [0.25, 0.2499999, 0.5, 0.0] with p = 0.25"""
    return m.dropout(np.array([1.0, 2.0, 3.0, 4.0]), 0.25, _FixedDraws([0.25, 0.2499999, 0.5, 0.0]))


@_expected_from_model(hidden)
def matrix_mask_follows_draw_order(m):
    """a (4, 5) array, p = 0.3, seed 5"""
    x = np.random.default_rng(50).normal(size=(4, 5))
    return m.dropout(x, 0.3, np.random.default_rng(5))


@_expected_from_model(hidden)
def three_dims_high_p(m):
    """a (2, 3, 4) array, p = 0.9"""
    x = np.random.default_rng(60).normal(size=(2, 3, 4)) * 4
    return m.dropout(x, 0.9, np.random.default_rng(6))


@_expected_from_model(hidden)
def consecutive_calls_draw_fresh_masks(m):
    """two calls with the same generator on the same input, p = 0.5"""
    rng = np.random.default_rng(7)
    x = np.linspace(-1.0, 1.0, 10)
    return [m.dropout(x, 0.5, rng), m.dropout(x, 0.5, rng)]


@_expected_from_model(hidden)
def p_one_advances_generator(m):
    """p = 1, then the generator's next draws"""
    rng = np.random.default_rng(8)
    y = m.dropout(np.ones(5), 1.0, rng)
    return [y, rng.random(2)]


@hidden(expected=["ValueError", "ValueError", "ValueError"])
def p_out_of_range_raises(m):
    rng = np.random.default_rng(9)
    x = np.ones(3)
    return [_error_name(lambda: m.dropout(x, -0.1, rng)), _error_name(lambda: m.dropout(x, 1.5, rng)),
            _error_name(lambda: m.dropout(x, 1.01, rng, training=False))]


@_expected_from_model(hidden)
def input_is_not_modified(m):
    """call in training mode, then return x"""
    x = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    m.dropout(x, 0.5, np.random.default_rng(10))
    return x


@_expected_from_model(hidden)
def larger_random(m):
    """a (64, 128) array, p = 0.1"""
    x = np.random.default_rng(110).normal(size=(64, 128))
    return m.dropout(x, 0.1, np.random.default_rng(11))


# Independent checks of the reference itself (plain pytest only).
def test_mask_by_brute_force_and_expectation(solution):
    x = np.random.default_rng(0).normal(size=(7, 9))
    for p in (0.0, 0.2, 0.5, 0.95):
        u = np.random.default_rng(1).random(x.shape)
        expected = np.array([[x[i, j] / (1 - p) if u[i, j] >= p else 0.0 for j in range(9)] for i in range(7)])
        np.testing.assert_allclose(solution.dropout(x, p, np.random.default_rng(1)), expected, rtol=1e-15)
    # Inverted dropout preserves the mean: average many draws of an all-ones input.
    ones = np.ones(200_000)
    assert abs(solution.dropout(ones, 0.3, np.random.default_rng(2)).mean() - 1.0) < 0.01
