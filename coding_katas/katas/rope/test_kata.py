from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _complex_rotation(x, offset=0, base=10000.0):
    """Independent model: pairs (x[2i], x[2i+1]) as complex numbers times exp(1j * p * base^(-2i/d))."""
    L, d = x.shape[-2], x.shape[-1]
    z = x[..., 0::2] + 1j * x[..., 1::2]
    theta = (int(offset) + np.arange(L))[:, None] * base ** (-np.arange(d // 2) * 2 / d)
    w = z * np.exp(1j * theta)
    return np.stack([w.real, w.imag], axis=-1).reshape(x.shape)


_MODEL = SimpleNamespace(apply_rope=_complex_rotation)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _x(seed, *shape):
    return np.random.default_rng(seed).normal(size=shape)


@sample(expected=np.array([[1.0, 0.0, 1.0, 0.0],
                           [np.cos(1.0), np.sin(1.0), np.cos(0.01), np.sin(0.01)]]))
def example_from_prompt(m):
    """x = [[1, 0, 1, 0], [1, 0, 1, 0]] (L = 2, d = 4), offset 0"""
    return m.apply_rope(np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]]))


@sample(expected=np.array([[0.0, 1.0], [-np.sin(1.0), np.cos(1.0)], [-np.sin(2.0), np.cos(2.0)]]))
def one_pair_turns_by_p_radians(m):
    """d = 2, x = [[0, 1]] * 3: position p turns the pair counter-clockwise by p radians"""
    return m.apply_rope(np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]))


@_expected_from_model(sample)
def offset_for_cached_decoding(m):
    """a (2, 3, 6) input with offset 5: rows sit at positions 5, 6, 7"""
    return m.apply_rope(_x(1, 2, 3, 6), offset=5)


@_expected_from_model(hidden)
def offset_matches_full_sequence_rows(m):
    """rows 4: of a 9-row input rotated with offset 4, and the same input rotated from position 0"""
    x = _x(2, 9, 8)
    return [m.apply_rope(x[4:], offset=4), m.apply_rope(x)]


@_expected_from_model(hidden)
def single_row_at_position_zero_is_identity(m):
    """L = 1, offset 0 on a (3, 1, 10) input"""
    return m.apply_rope(_x(3, 3, 1, 10))


@_expected_from_model(hidden)
def four_dims_batch_and_heads(m):
    """(batch 2, heads 3, L 5, d 8): every head and batch element uses the same angles"""
    return m.apply_rope(_x(4, 2, 3, 5, 8))


@_expected_from_model(hidden)
def custom_base(m):
    """base 100 and base 500000 on a (6, 12) input"""
    x = _x(5, 6, 12)
    return [m.apply_rope(x, base=100.0), m.apply_rope(x, offset=3, base=500000.0)]


@_expected_from_model(hidden)
def numpy_integer_offset(m):
    """offset given as np.int64(7)"""
    return m.apply_rope(_x(6, 4, 4), offset=np.int64(7))


@_expected_from_model(hidden)
def large_positions(m):
    """offset 100,000 with d = 64"""
    return m.apply_rope(_x(7, 3, 64), offset=100_000)


@_expected_from_model(hidden)
def input_is_not_modified(m):
    x = _x(8, 2, 5, 6)
    m.apply_rope(x, offset=2)
    return x


@_expected_from_model(hidden)
def larger_random(m):
    """(2, 4, 64, 32) queries at offset 17"""
    return m.apply_rope(_x(9, 2, 4, 64, 32), offset=17)


# Independent checks of the reference itself (plain pytest only).
def test_scores_depend_only_on_relative_position(solution):
    rng = np.random.default_rng(10)
    d = 16
    q, k = rng.normal(size=d), rng.normal(size=d)

    def score(m, n):
        return solution.apply_rope(q[None], offset=m)[0] @ solution.apply_rope(k[None], offset=n)[0]

    for m_pos, n_pos, shift in [(3, 1, 10), (0, 7, 5), (12, 12, 100), (50, 2, 1000)]:
        np.testing.assert_allclose(score(m_pos, n_pos), score(m_pos + shift, n_pos + shift), rtol=1e-9, atol=1e-11)
    # and it does depend on m - n
    assert not np.isclose(score(3, 1), score(3, 2))


def test_matches_complex_rotation(solution):
    rng = np.random.default_rng(11)
    x = rng.normal(size=(2, 7, 10))
    z = x[..., 0::2] + 1j * x[..., 1::2]
    theta = (3 + np.arange(7))[:, None] * 10000.0 ** (-np.arange(5) * 2 / 10)
    w = z * np.exp(1j * theta)
    expected = np.stack([w.real, w.imag], axis=-1).reshape(x.shape)
    np.testing.assert_allclose(solution.apply_rope(x, offset=3), expected, rtol=1e-12, atol=1e-12)
    # rotations keep each pair's length
    np.testing.assert_allclose(np.abs(w), np.abs(z))
