import math
from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _pe_by_column_pairs(seq_len, d_model):
    """Independent model: one (sin, cos) column pair at a time, each angle p / 10000**(2i / d_model) with the
    divisor a Python float (float64 throughout), the pair written into columns 2i and 2i + 1."""
    positions = np.arange(seq_len, dtype=np.float64)
    pe = np.zeros((seq_len, d_model))
    for i in range(d_model // 2):
        angles = positions / math.pow(10000.0, 2 * i / d_model)
        pe[:, 2 * i] = np.sin(angles)
        pe[:, 2 * i + 1] = np.cos(angles)
    return pe


_MODEL = SimpleNamespace(sinusoidal_positional_encoding=_pe_by_column_pairs)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([[0.0, 1.0, 0.0, 1.0],
                           [np.sin(1.0), np.cos(1.0), np.sin(0.01), np.cos(0.01)]]))
def prompt_example(m):
    """seq_len = 2, d_model = 4"""
    return m.sinusoidal_positional_encoding(2, 4)


@sample(expected=np.array([[0.0, 1.0, 0.0, 1.0, 0.0, 1.0]]))
def single_position(m):
    """seq_len = 1, d_model = 6: position 0 only"""
    return m.sinusoidal_positional_encoding(1, 6)


@sample(expected=np.stack([np.sin(np.arange(5.0)), np.cos(np.arange(5.0))], axis=1))
def d_model_two(m):
    """seq_len = 5, d_model = 2: a single frequency equal to 1"""
    return m.sinusoidal_positional_encoding(5, 2)


@_expected_from_model(hidden)
def small_table(m):
    """seq_len = 10, d_model = 8"""
    return m.sinusoidal_positional_encoding(10, 8)


@_expected_from_model(hidden)
def odd_number_of_frequencies(m):
    """seq_len = 7, d_model = 6 (three sine/cosine pairs)"""
    return m.sinusoidal_positional_encoding(7, 6)


@_expected_from_model(hidden)
def medium_table(m):
    """seq_len = 50, d_model = 16"""
    return m.sinusoidal_positional_encoding(50, 16)


@_expected_from_model(hidden)
def far_positions(m):
    """seq_len = 5000, d_model = 64; returns the last 4 rows"""
    return m.sinusoidal_positional_encoding(5000, 64)[-4:]


@_expected_from_model(hidden)
def more_columns_than_rows(m):
    """seq_len = 3, d_model = 20"""
    return m.sinusoidal_positional_encoding(3, 20)


@_expected_from_model(hidden)
def large_table(m):
    """seq_len = 1024, d_model = 256"""
    return m.sinusoidal_positional_encoding(1024, 256)


# Independent checks of the reference itself (plain pytest only).
def test_matches_the_formula_entry_by_entry(solution):
    seq_len, d_model = 37, 12
    pe = solution.sinusoidal_positional_encoding(seq_len, d_model)
    assert pe.shape == (seq_len, d_model) and pe.dtype == np.float64
    for p in range(seq_len):
        for i in range(d_model // 2):
            angle = p / 10000 ** (2 * i / d_model)
            assert abs(pe[p, 2 * i] - np.sin(angle)) < 1e-12
            assert abs(pe[p, 2 * i + 1] - np.cos(angle)) < 1e-12


def test_relative_position_is_a_rotation(solution):
    # PE[p + k] is a fixed rotation of PE[p] within each (sin, cos) pair: the property the design relies on.
    pe = solution.sinusoidal_positional_encoding(60, 8)
    k = 5
    angles = k / 10000 ** (np.arange(0, 8, 2) / 8)
    for p in range(0, 55):
        s, c = pe[p, 0::2], pe[p, 1::2]
        np.testing.assert_allclose(pe[p + k, 0::2], s * np.cos(angles) + c * np.sin(angles), atol=1e-12)
        np.testing.assert_allclose(pe[p + k, 1::2], c * np.cos(angles) - s * np.sin(angles), atol=1e-12)
