import numpy as np

from coding_katas.scenarios import hidden, sample


def _random_case(seed, n, c_in, h, w, c_out, k_h, k_w):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, c_in, h, w)), rng.normal(size=(c_out, c_in, k_h, k_w)), rng.normal(size=c_out))


def _windows(x, w, b, stride=1, padding=0):
    """Expected output: zero-pad, take every k_H x k_W window with sliding_window_view, step by the stride, einsum."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    win = np.lib.stride_tricks.sliding_window_view(xp, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("nchwuv,ocuv->nohw", win, w) + b[None, :, None, None]


@sample(expected=np.array([[[[27.5, 37.5], [57.5, 67.5]]]]))
def asymmetric_kernel_with_bias(m):
    """x = arange(9) as (1, 1, 3, 3), w = [[1, 2], [3, 4]], b = [0.5]"""
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    return m.conv2d(x, w, np.array([0.5]))


@sample(expected=np.array([[[[4.0, 6.0, 4.0], [6.0, 9.0, 6.0], [4.0, 6.0, 4.0]]]]))
def ones_with_padding(m):
    """x and w all ones, (1, 1, 3, 3) each, padding = 1: counts the in-bounds cells of each window"""
    return m.conv2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), np.zeros(1), padding=1)


@sample(expected=_windows(*_random_case(0, 2, 3, 6, 6, 4, 3, 3)))
def channels_and_batch(m):
    """N = 2, C_in = 3, 6x6 input, C_out = 4, 3x3 kernel, stride 1, no padding"""
    return m.conv2d(*_random_case(0, 2, 3, 6, 6, 4, 3, 3))


@hidden(expected=_windows(*_random_case(1, 1, 2, 7, 8, 3, 3, 3), stride=2))
def stride_does_not_divide(m):
    """7x8 input, 3x3 kernel, stride 2: the last partial window is dropped"""
    return m.conv2d(*_random_case(1, 1, 2, 7, 8, 3, 3, 3), stride=2)


@hidden(expected=_windows(*_random_case(2, 2, 1, 10, 11, 2, 2, 2), stride=3))
def stride_three_uneven(m):
    return m.conv2d(*_random_case(2, 2, 1, 10, 11, 2, 2, 2), stride=3)


@hidden(expected=_windows(*_random_case(3, 2, 3, 5, 6, 2, 3, 3), stride=2, padding=2))
def stride_and_padding(m):
    return m.conv2d(*_random_case(3, 2, 3, 5, 6, 2, 3, 3), stride=2, padding=2)


@hidden(expected=_windows(*_random_case(4, 1, 2, 5, 9, 3, 2, 4), padding=1))
def non_square_kernel_and_input(m):
    """(1, 2, 5, 9) input with a 2x4 kernel and padding 1"""
    return m.conv2d(*_random_case(4, 1, 2, 5, 9, 3, 2, 4), padding=1)


@hidden(expected=_windows(*_random_case(5, 2, 2, 8, 4, 2, 5, 1), stride=2))
def tall_kernel(m):
    return m.conv2d(*_random_case(5, 2, 2, 8, 4, 2, 5, 1), stride=2)


@hidden(expected=_windows(*_random_case(6, 3, 4, 5, 5, 6, 1, 1)))
def one_by_one_kernel(m):
    """1x1 kernels only mix channels"""
    return m.conv2d(*_random_case(6, 3, 4, 5, 5, 6, 1, 1))


@hidden(expected=_windows(*_random_case(7, 2, 2, 4, 5, 3, 6, 7), padding=1))
def kernel_covers_padded_input(m):
    """4x5 input, padding 1, 6x7 kernel: a single output pixel"""
    return m.conv2d(*_random_case(7, 2, 2, 4, 5, 3, 6, 7), padding=1)


@hidden(expected=np.broadcast_to(np.array([1.0, -2.0, 3.5])[None, :, None, None], (2, 3, 3, 2)))
def bias_per_output_channel(m):
    """zero input: the output is each channel's bias"""
    b = np.array([1.0, -2.0, 3.5])
    return m.conv2d(np.zeros((2, 2, 4, 3)), np.ones((3, 2, 2, 2)), b)


@hidden(expected=_windows(*_random_case(8, 2, 4, 16, 16, 8, 3, 3), padding=1))
def larger_random(m):
    """N = 2, C_in = 4, 16x16, C_out = 8, 3x3, padding 1"""
    return m.conv2d(*_random_case(8, 2, 4, 16, 16, 8, 3, 3), padding=1)


@hidden(expected=list(_random_case(9, 1, 2, 4, 4, 2, 3, 3)))
def inputs_are_not_modified(m):
    x, w, b = _random_case(9, 1, 2, 4, 4, 2, 3, 3)
    m.conv2d(x, w, b, stride=1, padding=1)
    return [x, w, b]


# Independent check of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch
    import torch.nn.functional as F

    configs = [(2, 3, 7, 9, 4, 3, 2, 1, 0), (1, 2, 8, 8, 3, 3, 3, 2, 1), (3, 1, 6, 5, 2, 1, 4, 3, 2),
               (2, 4, 5, 5, 5, 5, 5, 1, 2)]
    for seed, (n, c_in, h, w_, c_out, k_h, k_w, stride, padding) in enumerate(configs):
        x, w, b = _random_case(seed, n, c_in, h, w_, c_out, k_h, k_w)
        expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b),
                            stride=stride, padding=padding).numpy()
        np.testing.assert_allclose(solution.conv2d(x, w, b, stride, padding), expected, rtol=1e-10, atol=1e-12)
