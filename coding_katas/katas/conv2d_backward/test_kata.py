import numpy as np

from coding_katas.scenarios import hidden, sample


def _conv(x, w, stride, padding):
    """Plain forward conv2d, one output position at a time (cross-correlation, zero padding)."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    kH, kW = w.shape[2:]
    Ho, Wo = (xp.shape[2] - kH) // stride + 1, (xp.shape[3] - kW) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], Ho, Wo))
    for a in range(Ho):
        for b in range(Wo):
            window = xp[:, :, a * stride:a * stride + kH, b * stride:b * stride + kW]
            out[:, :, a, b] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3]))
    return out


def _adjoint(x, w, dout, stride, padding):
    """Expected gradients without any backward formula: the layer is linear in x and in w, so
    dL/dx[idx] = <conv(e_idx, w), dout> and dL/dw[idx] = <conv(x, e_idx), dout> for unit arrays e_idx."""
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1.0
        dx[idx] = np.sum(_conv(e, w, stride, padding) * dout)
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = 1.0
        dw[idx] = np.sum(_conv(x, e, stride, padding) * dout)
    return dx, dw, np.sum(dout, axis=(0, 2, 3))


def _case(seed, N, C, H, W, C_out, kH, kW, stride, padding):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(N, C, H, W)), rng.normal(size=(C_out, C, kH, kW))
    Ho, Wo = (H + 2 * padding - kH) // stride + 1, (W + 2 * padding - kW) // stride + 1
    return x, w, rng.normal(size=(N, C_out, Ho, Wo)), stride, padding


@sample(expected=(np.array([[[[1.0, 1.0, 0.0], [1.0, 0.0, -1.0], [0.0, -1.0, -1.0]]]]),
                  np.array([[[[8.0, 12.0], [20.0, 24.0]]]]), np.array([4.0])))
def prompt_example(m):
    """x = arange(9).reshape(1, 1, 3, 3), w = [[1, 0], [0, -1]], dout = ones, stride 1, padding 0"""
    return m.conv2d_backward(np.arange(9.0).reshape(1, 1, 3, 3), np.array([[[[1.0, 0.0], [0.0, -1.0]]]]),
                             np.ones((1, 1, 2, 2)))


CASE_CHANNELS = _case(1, N=1, C=2, H=4, W=4, C_out=3, kH=3, kW=3, stride=1, padding=0)


@sample(expected=_adjoint(*CASE_CHANNELS))
def two_in_three_out_channels(m):
    """x (1, 2, 4, 4), w (3, 2, 3, 3), stride 1, padding 0"""
    return m.conv2d_backward(*CASE_CHANNELS)


CASE_STRIDE_PAD = _case(2, N=2, C=1, H=5, W=5, C_out=2, kH=3, kW=3, stride=2, padding=1)


@sample(expected=_adjoint(*CASE_STRIDE_PAD))
def stride_two_padding_one(m):
    """x (2, 1, 5, 5), w (2, 1, 3, 3), stride 2, padding 1 -> out (2, 2, 3, 3)"""
    return m.conv2d_backward(*CASE_STRIDE_PAD)


CASE_UNUSED = _case(3, N=1, C=2, H=6, W=7, C_out=2, kH=3, kW=3, stride=2, padding=0)


@hidden(expected=_adjoint(*CASE_UNUSED))
def trailing_rows_unused(m):
    """x (1, 2, 6, 7), 3x3 kernel, stride 2: H_out = 2, so input row 5 is never read (dx 0 there)"""
    return m.conv2d_backward(*CASE_UNUSED)


CASE_BIG_PAD = _case(4, N=2, C=3, H=3, W=4, C_out=2, kH=1, kW=1, stride=1, padding=2)


@hidden(expected=_adjoint(*CASE_BIG_PAD))
def one_by_one_kernel_padding_two(m):
    """1x1 kernel with padding 2: the output is larger than the input and its border reads only zeros"""
    return m.conv2d_backward(*CASE_BIG_PAD)


CASE_RECT = _case(5, N=2, C=2, H=5, W=8, C_out=3, kH=2, kW=3, stride=1, padding=1)


@hidden(expected=_adjoint(*CASE_RECT))
def non_square_kernel(m):
    """x (2, 2, 5, 8), w (3, 2, 2, 3), stride 1, padding 1"""
    return m.conv2d_backward(*CASE_RECT)


CASE_STRIDE3 = _case(6, N=3, C=2, H=8, W=8, C_out=2, kH=3, kW=2, stride=3, padding=1)


@hidden(expected=_adjoint(*CASE_STRIDE3))
def stride_three(m):
    """x (3, 2, 8, 8), w (2, 2, 3, 2), stride 3, padding 1"""
    return m.conv2d_backward(*CASE_STRIDE3)


CASE_FULL = _case(7, N=2, C=3, H=4, W=4, C_out=2, kH=4, kW=4, stride=1, padding=0)


@hidden(expected=_adjoint(*CASE_FULL))
def kernel_as_large_as_input(m):
    """the kernel covers the whole 4x4 input: a single output position, like a dense layer"""
    return m.conv2d_backward(*CASE_FULL)


@hidden(expected=list(_case(8, N=1, C=2, H=5, W=5, C_out=2, kH=3, kW=3, stride=2, padding=1)[:3]))
def inputs_not_modified(m):
    x, w, dout, s, p = _case(8, N=1, C=2, H=5, W=5, C_out=2, kH=3, kW=3, stride=2, padding=1)
    m.conv2d_backward(x, w, dout, s, p)
    return [x, w, dout]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch

    wide = _case(9, N=2, C=4, H=9, W=7, C_out=5, kH=3, kW=3, stride=2, padding=2)
    for case in (CASE_STRIDE_PAD, CASE_RECT, CASE_STRIDE3, wide):
        x, w, dout, s, p = case
        tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
        tb = torch.zeros(w.shape[0], dtype=torch.float64, requires_grad=True)
        out = torch.nn.functional.conv2d(tx, tw, tb, stride=s, padding=p)
        assert out.shape == dout.shape
        (out * torch.tensor(dout)).sum().backward()
        dx, dw, db = solution.conv2d_backward(x, w, dout, s, p)
        np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-10, atol=1e-12)
