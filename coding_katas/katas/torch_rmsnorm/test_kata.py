import math

import numpy as np
import torch
import torch.nn.functional as F

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; torch.nn.functional.rms_norm in float64 (torch's own kernel); for float16/bfloat16,
# the float64 result rounded to the dtype and then scaled in that dtype; gradients from autograd through the
# formula written with plain tensor ops (_autograd_grads), never through the solution's backward.
F32 = {"kind": "allclose", "rtol": 1e-5, "atol": 1e-6}
HALF = {"kind": "allclose", "rtol": 2e-3, "atol": 1e-5}
BF16 = {"kind": "allclose", "rtol": 1.6e-2, "atol": 1e-4}


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _case(seed, shape, dtype=torch.float64, scale=1.0):
    x = torch.randn(*shape, generator=_gen(seed), dtype=torch.float64) * scale
    w = 1.0 + 0.5 * torch.randn(shape[-1], generator=_gen(seed + 100), dtype=torch.float64)
    g = torch.randn(*shape, generator=_gen(seed + 200), dtype=torch.float64)
    return x.to(dtype), w.to(dtype), g.to(dtype)


def _low_precision_reference(x, w, eps):
    """float64 normalisation, rounded to x.dtype, then times the weight in x.dtype (returned as float32)."""
    h = x.double()
    h = h / torch.sqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return (h.to(x.dtype) * w).float()


def _autograd_grads(x, w, g, eps):
    x, w = x.detach().clone().requires_grad_(), w.detach().clone().requires_grad_()
    y = x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w
    (y * g).sum().backward()
    return [y.detach(), x.grad, w.grad]


def _function_grads(m, x, w, g, eps):
    x, w = x.detach().clone().requires_grad_(), w.detach().clone().requires_grad_()
    y = m.RMSNormFunction.apply(x, w, eps)
    (y * g).sum().backward()
    return [y.detach(), x.grad, w.grad]


@sample(expected=np.array([[3 / math.sqrt(12.5), 8 / math.sqrt(12.5)]]))
def prompt_example(m):
    """x = [[3, 4]], weight [1, 2], eps 0, float64: r = sqrt(12.5)"""
    return m.rms_norm(torch.tensor([[3.0, 4.0]], dtype=torch.float64), torch.tensor([1.0, 2.0], dtype=torch.float64),
                      eps=0.0)


X16, W16, _ = _case(1, (4, 64), torch.float16, scale=300.0)


@sample(expected=[_low_precision_reference(X16, W16, 1e-6), "torch.float16"], comparator=HALF)
def float16_squares_overflow(m):
    """float16 activations of magnitude ~300 (x**2 > 65504): compute in float32, return float16"""
    y = m.rms_norm(X16, W16)
    return [y.float(), str(y.dtype)]


SMALL = _case(2, (3, 5))


@sample(expected=_autograd_grads(*SMALL, 1e-6))
def function_backward_float64(m):
    """RMSNormFunction on a (3, 5) float64 input: output, grad_x and grad_weight of sum(y * g)"""
    return _function_grads(m, *SMALL, 1e-6)


X3, W3, _ = _case(3, (2, 7, 16))


@hidden(expected=F.rms_norm(X3, (16,), W3, eps=1e-5))
def float64_matches_torch_rms_norm(m):
    """a (2, 7, 16) float64 input, eps 1e-5: torch.nn.functional.rms_norm"""
    return m.rms_norm(X3, W3, eps=1e-5)


XB, WB, _ = _case(4, (3, 4, 32), torch.bfloat16, scale=50.0)


@hidden(expected=[_low_precision_reference(XB, WB, 1e-6), "torch.bfloat16"], comparator=BF16)
def bfloat16_input(m):
    """bfloat16 (3, 4, 32): result in bfloat16 (returned as float32 plus the dtype name)"""
    y = m.rms_norm(XB, WB)
    return [y.float(), str(y.dtype)]


XF, WF, _ = _case(5, (6, 48), torch.float32)


@hidden(expected=[F.rms_norm(XF.double(), (48,), WF.double(), eps=1e-6), "torch.float32"], comparator=F32)
def float32_input(m):
    """float32 (6, 48): float32 result equal to the float64 one to float32 precision"""
    y = m.rms_norm(XF, WF)
    return [y, str(y.dtype)]


BIG = _case(6, (2, 3, 4, 8))


@hidden(expected=_autograd_grads(*BIG, 1e-6))
def function_backward_4d(m):
    """(2, 3, 4, 8) float64: grad_weight sums over all 24 rows"""
    return _function_grads(m, *BIG, 1e-6)


LARGE_EPS = _case(7, (5, 6), scale=0.1)


@hidden(expected=_autograd_grads(*LARGE_EPS, 1.0))
def function_backward_large_eps(m):
    """small activations (~0.1) with eps = 1: eps dominates r and the gradient"""
    return _function_grads(m, *LARGE_EPS, 1.0)


XZ, WZ, GZ = _case(8, (3, 4))
XZ[1] = 0.0


@hidden(expected=_autograd_grads(XZ, WZ, GZ, 1e-6))
def zero_row(m):
    """row 1 is all zeros: output 0 there and grad_x = g * w / sqrt(eps), all finite"""
    return _function_grads(m, XZ, WZ, GZ, 1e-6)


XG, WG, GG = _case(9, (4, 10), torch.float32)


@hidden(expected=_autograd_grads(XG.double(), WG.double(), GG.double(), 1e-6), comparator=F32)
def function_backward_float32(m):
    """float32 (4, 10): gradients in float32 equal the float64 ones to float32 precision"""
    return _function_grads(m, XG, WG, GG, 1e-6)


@hidden(expected=[X16.float(), W16.float(), SMALL[0].clone()])
def inputs_not_modified(m):
    x, w, x64 = X16.clone(), W16.clone(), SMALL[0].clone()
    m.rms_norm(x, w)
    m.RMSNormFunction.apply(x64, SMALL[1], 1e-6)
    return [x.float(), w.float(), x64]


# Independent checks of the reference itself (plain pytest only).
def test_backward_passes_gradcheck(solution):
    x, w, _ = _case(20, (3, 6))
    assert torch.autograd.gradcheck(lambda a, b: solution.RMSNormFunction.apply(a, b, 1e-3),
                                    (x.requires_grad_(), w.requires_grad_()))


def test_forward_matches_torch_in_float32(solution):
    x, w, _ = _case(21, (5, 3, 24), torch.float32)
    torch.testing.assert_close(solution.rms_norm(x, w), F.rms_norm(x, (24,), w, eps=1e-6))
