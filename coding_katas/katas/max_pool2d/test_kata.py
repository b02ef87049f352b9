from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

def _window_max(x, kernel_size, stride=None):
    """Independent model: sliding_window_view over (H, W), every stride-th window, max over the window axes."""
    s = kernel_size if stride is None else stride
    win = np.lib.stride_tricks.sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3))
    return win[:, :, ::s, ::s].max(axis=(-2, -1))


_MODEL = SimpleNamespace(max_pool2d=_window_max)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


X4 = np.array([[[[1.0, 2.0, 5.0, 0.0],
                 [3.0, 4.0, 1.0, 1.0],
                 [0.0, 1.0, 2.0, 3.0],
                 [7.0, 0.0, 4.0, 6.0]]]])


@sample(expected=np.array([[[[4.0, 5.0], [7.0, 6.0]]]]))
def example_default_stride(m):
    """the 4x4 example from the prompt, kernel 2, stride defaulting to 2"""
    return m.max_pool2d(X4.copy(), 2)


@sample(expected=np.array([[[[4.0, 5.0, 5.0], [4.0, 4.0, 3.0], [7.0, 4.0, 6.0]]]]))
def example_overlapping_windows(m):
    """the same 4x4 input, kernel 2, stride 1"""
    return m.max_pool2d(X4.copy(), 2, stride=1)


@sample(expected=np.array([[[[6.0, 8.0], [16.0, 18.0]]]]))
def odd_size_is_floored(m):
    """x = np.arange(25.0).reshape(1, 1, 5, 5), kernel 2: the last row and column are dropped"""
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    return m.max_pool2d(x, 2)


@_expected_from_model(hidden)
def batch_and_channels(m):
    """N=3, C=4, 8x8 random, kernel 2"""
    x = np.random.default_rng(0).normal(size=(3, 4, 8, 8))
    return m.max_pool2d(x, 2)


@_expected_from_model(hidden)
def all_negative_values(m):
    """every entry is negative, so a max started at 0 is wrong"""
    x = -np.abs(np.random.default_rng(1).normal(size=(2, 2, 6, 6))) - 1.0
    return m.max_pool2d(x, 3)


@_expected_from_model(hidden)
def stride_larger_than_kernel(m):
    """kernel 2, stride 3 on 8x7: windows with gaps, remainder dropped"""
    x = np.random.default_rng(2).normal(size=(1, 3, 8, 7))
    return m.max_pool2d(x, 2, stride=3)


@_expected_from_model(hidden)
def overlapping_kernel3_stride2_not_divisible(m):
    """kernel 3, stride 2 on 9x10"""
    x = np.random.default_rng(3).normal(size=(2, 1, 9, 10))
    return m.max_pool2d(x, 3, stride=2)


@_expected_from_model(hidden)
def non_square_input(m):
    """H=4, W=10, kernel 2 (distinguishes the height axis from the width axis)"""
    x = np.random.default_rng(4).normal(size=(1, 2, 4, 10))
    return m.max_pool2d(x, 2)


@_expected_from_model(hidden)
def tall_input_stride_one(m):
    """H=7, W=3, kernel 3, stride 1"""
    x = np.random.default_rng(5).normal(size=(2, 2, 7, 3))
    return m.max_pool2d(x, 3, stride=1)


@_expected_from_model(hidden)
def kernel_one_is_identity(m):
    x = np.random.default_rng(6).normal(size=(2, 3, 4, 5))
    return m.max_pool2d(x, 1, stride=1)


@_expected_from_model(hidden)
def kernel_covers_whole_image(m):
    """kernel equal to H = W: one output per channel"""
    x = np.random.default_rng(7).normal(size=(2, 3, 5, 5))
    return m.max_pool2d(x, 5)


@_expected_from_model(hidden)
def input_is_not_modified(m):
    x = np.random.default_rng(8).normal(size=(1, 2, 6, 6))
    m.max_pool2d(x, 2, stride=1)
    return x


@_expected_from_model(hidden)
def larger_random(m):
    """N=8, C=16, 32x31, kernel 3, stride 2"""
    x = np.random.default_rng(9).normal(size=(8, 16, 32, 31))
    return m.max_pool2d(x, 3, stride=2)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_max_pool2d(solution):
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(10)
    for shape, k, s in [((2, 3, 9, 10), 3, 2), ((1, 2, 8, 7), 2, 3), ((3, 1, 6, 6), 2, None), ((1, 1, 5, 9), 4, 1)]:
        x = rng.normal(size=shape)
        expected = F.max_pool2d(torch.from_numpy(x), k, s).numpy()
        np.testing.assert_array_equal(solution.max_pool2d(x, k, s), expected)


def test_matches_brute_force_loops(solution):
    x = np.random.default_rng(11).normal(size=(2, 2, 7, 8))
    k, s = 3, 2
    ho, wo = (7 - k) // s + 1, (8 - k) // s + 1
    expected = np.empty((2, 2, ho, wo))
    for n in range(2):
        for c in range(2):
            for i in range(ho):
                for j in range(wo):
                    expected[n, c, i, j] = x[n, c, i * s:i * s + k, j * s:j * s + k].max()
    np.testing.assert_array_equal(solution.max_pool2d(x, k, s), expected)
