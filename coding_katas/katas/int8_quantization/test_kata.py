from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _python_quantize(x):
    """Independent model: Python max/abs, Python round (halves to even) and an explicit clip, value by value."""
    flat = [float(v) for v in np.ravel(x)]
    scale = max(abs(v) for v in flat) / 127 or 1.0
    return np.array([max(-127, min(127, round(v / scale))) for v in flat], dtype=np.int8).reshape(np.shape(x)), scale


def _python_dequantize(q, scale):
    return np.array([int(v) * scale for v in np.ravel(q)]).reshape(np.shape(q))


_MODEL = SimpleNamespace(quantize_int8=_python_quantize, dequantize_int8=_python_dequantize)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=(np.array([64, -127, 32, 0]), 1 / 127))
def example_from_prompt(m):
    """quantize_int8([0.5, -1.0, 0.25, 0.0]) returns (q, scale)"""
    return m.quantize_int8(np.array([0.5, -1.0, 0.25, 0.0]))


@sample(expected=np.array([-1.27, 0.0, 0.05, 1.27]))
def dequantize_small(m):
    """dequantize_int8(int8 [-127, 0, 5, 127], scale 0.01)"""
    return m.dequantize_int8(np.array([-127, 0, 5, 127], dtype=np.int8), 0.01)


@sample(expected=(np.array([127, 0, 2, 2, -2, 0, 4, -4]), 1.0))
def halves_round_to_even(m):
    """x = [127, 0.5, 1.5, 2.5, -2.5, -0.5, 3.5, -3.5]: scale is exactly 1, every x / scale a half"""
    return m.quantize_int8(np.array([127.0, 0.5, 1.5, 2.5, -2.5, -0.5, 3.5, -3.5]))


@_expected_from_model(hidden)
def halves_with_scale_two(m):
    """max|x| = 254 gives scale 2: x / scale = 127, 0.5, 1.5, 2.5, -0.5, -3.5"""
    return m.quantize_int8(np.array([254.0, 1.0, 3.0, 5.0, -1.0, -7.0]))


@_expected_from_model(hidden)
def q_dtype_and_shape(m):
    """q must be an int8 array with the shape of x"""
    q, _ = m.quantize_int8(np.random.default_rng(1).normal(size=(3, 5)))
    return [str(np.asarray(q).dtype), list(np.shape(q))]


@_expected_from_model(hidden)
def all_zeros(m):
    """an all-zero tensor: scale 1.0 and q all zero"""
    q, scale = m.quantize_int8(np.zeros((2, 3)))
    return q, scale, m.dequantize_int8(q, scale)


@_expected_from_model(hidden)
def largest_magnitude_is_negative(m):
    """x = [-10, 2, 5, -3.3]: the scale comes from |-10|, not from max(x) = 5"""
    return m.quantize_int8(np.array([-10.0, 2.0, 5.0, -3.3]))


@_expected_from_model(hidden)
def one_scale_for_a_matrix(m):
    """a (4, 6) matrix with very different row ranges: still one scale for the whole tensor"""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 6)) * np.array([[0.01], [0.1], [1.0], [10.0]])
    return m.quantize_int8(x)


@_expected_from_model(hidden)
def round_trip_error_is_at_most_half_a_step(m):
    rng = np.random.default_rng(3)
    x = rng.standard_t(df=3, size=500)
    q, scale = m.quantize_int8(x)
    x_hat = m.dequantize_int8(q, scale)
    return [x_hat, bool(np.max(np.abs(x_hat - x)) <= scale / 2 + 1e-12)]


@_expected_from_model(hidden)
def input_is_not_modified(m):
    x = np.array([[0.3, -0.9], [1.7, 0.0]])
    q, scale = m.quantize_int8(x)
    m.dequantize_int8(q, scale)
    return x


@_expected_from_model(hidden)
def larger_random(m):
    """100,000 normal weights of a (250, 400) layer"""
    x = np.random.default_rng(4).normal(scale=0.05, size=(250, 400))
    q, scale = m.quantize_int8(x)
    return q, scale, m.dequantize_int8(q, scale)


# Independent checks of the reference itself (plain pytest only).
def test_matches_brute_force_loop(solution):
    x = np.random.default_rng(5).normal(size=300)
    q, scale = solution.quantize_int8(x)
    s = max(abs(v) for v in x) / 127
    expected = [max(-127, min(127, round(v / s))) for v in x]  # Python's round also halves to even
    assert q.dtype == np.int8 and q.tolist() == expected and scale == s


def test_matches_torch_fake_quantize(solution):
    import torch

    halves = np.array([127.0, 1.5, 2.5, -0.5, -2.5, 3.5])  # scale 1: every value an exact half
    for x in (np.random.default_rng(6).normal(size=(20, 30)), halves):
        q, scale = solution.quantize_int8(x)
        expected = torch.fake_quantize_per_tensor_affine(torch.from_numpy(x), scale, 0, -127, 127)
        # torch keeps the scale in float32, hence rtol 1e-6; one quantization step is far larger.
        np.testing.assert_allclose(solution.dequantize_int8(q, scale), expected.numpy(), rtol=1e-6, atol=1e-9)
