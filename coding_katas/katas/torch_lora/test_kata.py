from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

from coding_katas.scenarios import hidden, sample

# Scenarios never depend on the random initial value of A (it comes from the global RNG): they either
# overwrite A and B, or observe things that hold for any non-zero A.


def _gen(seed):
    return torch.Generator().manual_seed(seed)


class _ModelLoRA(nn.Module):
    """Independent model for expected values: the prompt's formulas, two matmuls in the forward and
    W + (alpha / r) B A written into a new Linear on merge."""

    def __init__(self, base, r, alpha):
        super().__init__()
        self.base, self.scale = base, alpha / r
        for p in base.parameters():
            p.requires_grad_(False)
        self.A = nn.Parameter(torch.randn(r, base.in_features, generator=_gen(0), dtype=base.weight.dtype) * 0.1)
        self.B = nn.Parameter(torch.zeros(base.out_features, r, dtype=base.weight.dtype))

    def forward(self, x):
        return self.base(x) + self.scale * (x @ self.A.T) @ self.B.T

    def merge(self):
        merged = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            merged.weight.copy_(self.base.weight + self.scale * self.B @ self.A)
            if self.base.bias is not None:
                merged.bias.copy_(self.base.bias)
        return merged


_MODEL = SimpleNamespace(LoRALinear=_ModelLoRA)


def _on_one_thread(fn):
    """fn(_MODEL) with torch on one thread (then restored): tiny tensors, and two threads fighting over a
    shared machine made these expected values cost seconds at import."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return fn(_MODEL)
    finally:
        torch.set_num_threads(threads)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=_on_one_thread(fn))(fn)


def _base(seed, in_f, out_f, bias=True):
    g = _gen(seed)
    layer = nn.Linear(in_f, out_f, bias=bias)
    with torch.no_grad():
        layer.weight.copy_(torch.randn(out_f, in_f, generator=g) / in_f ** 0.5)
        if bias:
            layer.bias.copy_(torch.randn(out_f, generator=g))
    return layer


def _set_factors(lora, seed, r, in_f, out_f):
    g = _gen(seed)
    with torch.no_grad():
        lora.A.copy_(torch.randn(r, in_f, generator=g))
        lora.B.copy_(torch.randn(out_f, r, generator=g))


@sample(expected=[np.array([[1.0, 2.0]]), np.array([[7.0, 2.0]]), np.array([[3.0, 2.0], [0.0, 1.0]])])
def example_from_prompt(m):
    """identity base, r=1, alpha=2: fresh output, output after setting A=[[1,1]], B=[[1],[0]], merged weight"""
    base = nn.Linear(2, 2)
    with torch.no_grad():
        base.weight.copy_(torch.eye(2))
        base.bias.zero_()
    lora = m.LoRALinear(base, r=1, alpha=2)
    x = torch.tensor([[1.0, 2.0]])
    fresh = lora(x)
    with torch.no_grad():
        lora.A.copy_(torch.tensor([[1.0, 1.0]]))
        lora.B.copy_(torch.tensor([[1.0], [0.0]]))
    return [fresh, lora(x), lora.merge().weight]


@sample(expected=[False, False, True, True, [2, 5], [3, 2], [[2, 5], [3, 2]]])
def frozen_base_and_trainable_factors(m):
    """Linear(5, 3), r=2: requires_grad of base weight, base bias, A, B; shapes of A, B; shapes of all trainable parameters"""
    base = _base(1, 5, 3)
    lora = m.LoRALinear(base, r=2, alpha=4)
    trainable = sorted(list(p.shape) for p in lora.parameters() if p.requires_grad)
    return [base.weight.requires_grad, base.bias.requires_grad, lora.A.requires_grad, lora.B.requires_grad,
            list(lora.A.shape), list(lora.B.shape), trainable]


@_expected_from_model(sample)
def fresh_module_equals_base(m):
    """Linear(6, 4), r=3: a fresh LoRALinear gives base(x) exactly, and B is all zeros"""
    base = _base(2, 6, 4)
    lora = m.LoRALinear(base, r=3, alpha=6)
    x = torch.randn(5, 6, generator=_gen(20))
    return [lora(x), base(x), lora.B]


@_expected_from_model(hidden)
def forward_after_manual_update(m):
    """Linear(8, 5), r=4, alpha=16: output after setting A and B by hand"""
    lora = m.LoRALinear(_base(3, 8, 5), r=4, alpha=16)
    _set_factors(lora, 30, 4, 8, 5)
    return lora(torch.randn(6, 8, generator=_gen(31)))


@_expected_from_model(hidden)
def alpha_not_a_multiple_of_r(m):
    """alpha=1, r=2: the scale is 0.5"""
    lora = m.LoRALinear(_base(4, 4, 3), r=2, alpha=1)
    _set_factors(lora, 40, 2, 4, 3)
    return lora(torch.randn(3, 4, generator=_gen(41)))


@_expected_from_model(hidden)
def three_dim_input(m):
    """x (2, 5, 6): extra leading batch dimensions"""
    lora = m.LoRALinear(_base(5, 6, 7), r=2, alpha=8)
    _set_factors(lora, 50, 2, 6, 7)
    return lora(torch.randn(2, 5, 6, generator=_gen(51)))


@_expected_from_model(hidden)
def initial_gradients(m):
    """fresh module, one backward: A not all zero, B gets a non-zero gradient, A's gradient is zero, base gets none"""
    base = _base(6, 5, 4)
    lora = m.LoRALinear(base, r=2, alpha=2)
    x = torch.randn(8, 5, generator=_gen(60))
    (lora(x) * torch.randn(8, 4, generator=_gen(61))).sum().backward()
    return [bool(lora.A.detach().abs().sum() > 0),
            lora.B.grad is not None and bool(lora.B.grad.abs().sum() > 0),
            lora.A.grad is None or bool(lora.A.grad.abs().sum() == 0),
            base.weight.grad is None, base.bias.grad is None]


@_expected_from_model(hidden)
def gradients_after_manual_update(m):
    """backward of sum(out * G): gradients of A, B and of the input x"""
    lora = m.LoRALinear(_base(7, 6, 5), r=3, alpha=6)
    _set_factors(lora, 70, 3, 6, 5)
    x = torch.randn(4, 6, generator=_gen(71)).requires_grad_()
    (lora(x) * torch.randn(4, 5, generator=_gen(72))).sum().backward()
    return {"A": lora.A.grad, "B": lora.B.grad, "x": x.grad}


@_expected_from_model(hidden)
def merge_matches_forward(m):
    """merge() is an nn.Linear whose weight, bias and output match W + (alpha/r) B A and the module's output"""
    lora = m.LoRALinear(_base(8, 7, 4), r=2, alpha=5)
    _set_factors(lora, 80, 2, 7, 4)
    x = torch.randn(3, 7, generator=_gen(81))
    merged = lora.merge()
    return [isinstance(merged, nn.Linear), merged.weight, merged.bias, merged(x), lora(x)]


@_expected_from_model(hidden)
def merge_leaves_the_module_unchanged(m):
    """after merge(): the base weight, A, B and the module's output are what they were"""
    base = _base(9, 5, 5)
    lora = m.LoRALinear(base, r=2, alpha=4)
    _set_factors(lora, 90, 2, 5, 5)
    x = torch.randn(2, 5, generator=_gen(91))
    before = lora(x).detach().clone()
    lora.merge()
    return [before, lora(x), base.weight, lora.A, lora.B]


@_expected_from_model(hidden)
def base_without_bias(m):
    """nn.Linear(4, 3, bias=False): forward works and merge() has no bias"""
    lora = m.LoRALinear(_base(10, 4, 3, bias=False), r=1, alpha=3)
    _set_factors(lora, 100, 1, 4, 3)
    x = torch.randn(2, 4, generator=_gen(101))
    merged = lora.merge()
    return [lora(x), merged.bias is None, merged(x)]


@_expected_from_model(hidden)
def larger_layer(m):
    """Linear(128, 96), r=8, alpha=16, 64 inputs"""
    lora = m.LoRALinear(_base(11, 128, 96), r=8, alpha=16)
    _set_factors(lora, 110, 8, 128, 96)
    return lora(torch.randn(64, 128, generator=_gen(111)))


# Independent checks of the reference itself (plain pytest only).
def test_one_sgd_step_matches_manual_gradients(solution):
    base = _base(12, 6, 4)
    lora = solution.LoRALinear(base, r=2, alpha=4)
    _set_factors(lora, 120, 2, 6, 4)
    x, G = torch.randn(5, 6, generator=_gen(121)), torch.randn(5, 4, generator=_gen(122))
    A0, B0 = lora.A.detach().clone(), lora.B.detach().clone()
    (lora(x) * G).sum().backward()
    s = 4 / 2  # d/dA and d/dB of sum(G * s * x A^T B^T)
    torch.testing.assert_close(lora.B.grad, s * G.T @ (x @ A0.T))
    torch.testing.assert_close(lora.A.grad, s * (G @ B0).T @ x)
    torch.optim.SGD([p for p in lora.parameters() if p.requires_grad], lr=0.1).step()
    torch.testing.assert_close(lora.merge().weight, base.weight + s * lora.B.detach() @ lora.A.detach())


def test_matches_numpy_lora_forward(solution):
    lora = solution.LoRALinear(_base(13, 9, 7), r=3, alpha=7)
    _set_factors(lora, 130, 3, 9, 7)
    x = torch.randn(4, 9, generator=_gen(131))
    W, b = lora.base.weight.detach().numpy(), lora.base.bias.detach().numpy()
    A, B = lora.A.detach().numpy(), lora.B.detach().numpy()
    expected = x.numpy() @ W.T + b + (7 / 3) * (x.numpy() @ A.T) @ B.T
    np.testing.assert_allclose(lora(x).detach().numpy(), expected, rtol=1e-5, atol=1e-5)
