import math

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

F64 = {"kind": "allclose", "rtol": 1e-10, "atol": 1e-12}
EXACT = {"kind": "exact"}
# Expected outputs come from _numpy_ffn (NumPy float64, SiLU written with np.logaddexp) or by hand; the
# hidden sizes are the published Llama 2 / Llama 3 intermediate sizes. test_matches_torch_modules checks
# the reference against F.silu and nn.Linear.


def _numpy_ffn(x, W_gate, W_up, W_down):
    x, W_gate, W_up, W_down = (t.double().numpy() for t in (x, W_gate, W_up, W_down))
    gate = np.einsum("...d,fd->...f", x, W_gate)
    silu = gate * np.exp(-np.logaddexp(0.0, -gate))  # z * sigmoid(z) with sigmoid = exp(-log(1 + e^-z))
    return np.einsum("...f,df->...d", silu * np.einsum("...d,fd->...f", x, W_up), W_down)


def _weights(seed, D, F, dtype=torch.float32, lead=(2, 3), gate_scale=1.0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*lead, D, generator=g, dtype=dtype)
    return (x, torch.randn(F, D, generator=g, dtype=dtype) * gate_scale / D ** 0.5,
            torch.randn(F, D, generator=g, dtype=dtype) / D ** 0.5,
            torch.randn(D, F, generator=g, dtype=dtype) / F ** 0.5)


_S = [1 / (1 + math.exp(-1)), -2 / (1 + math.exp(2)), -1 / (1 + math.exp(1))]


@sample(expected=np.array([[2 * _S[0] + _S[2], -2 * _S[1]]]))
def prompt_example(m):
    """x = [[1, -2]], F = 3, the weights of the prompt"""
    x = torch.tensor([[1.0, -2.0]])
    W_gate = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W_up = torch.tensor([[2.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    W_down = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    return m.swiglu_ffn(x, W_gate, W_up, W_down)


CASE = _weights(1, D=8, F=16)


@sample(expected=[_numpy_ffn(*CASE), "torch.float32"])
def batch_and_sequence_axes(m):
    """x (2, 3, 8), F = 16, float32: output (2, 3, 8) and its dtype"""
    out = m.swiglu_ffn(*CASE)
    return [out, str(out.dtype)]


@sample(comparator=EXACT, expected=[11008, 13824, 14336, 28672])
def llama_hidden_sizes(m):
    """Llama 2 7B (4096), 13B (5120), Llama 3 8B (4096, x1.3, multiple of 1024), 70B (8192, x1.3, 4096)"""
    return [m.swiglu_hidden_dim(4096), m.swiglu_hidden_dim(5120), m.swiglu_hidden_dim(4096, 1024, 1.3),
            m.swiglu_hidden_dim(8192, 4096, 1.3)]


@hidden(comparator=EXACT, expected=[256, 512, 48, 96, 768, 14198])
def hidden_sizes_small_models(m):
    """d_model 64 (170 -> 256), 192 (512 exactly), 24 with multiple_of 16 and x0.7 (64 -> 44 -> 48), 36 with 32
    (96), 288 (768), and 4096 with x1.3 and multiple_of 1 (int(1.3 * 10922) = 14198: truncate before scaling)"""
    return [m.swiglu_hidden_dim(64), m.swiglu_hidden_dim(192), m.swiglu_hidden_dim(24, 16, 0.7),
            m.swiglu_hidden_dim(36, 32), m.swiglu_hidden_dim(288), m.swiglu_hidden_dim(4096, 1, 1.3)]


CASE64 = _weights(2, D=12, F=32, dtype=torch.float64, lead=(4,))


@hidden(comparator=F64, expected=[_numpy_ffn(*CASE64), "torch.float64"])
def float64_stays_float64(m):
    """x (4, 12) float64, F = 32, compared to 1e-10"""
    out = m.swiglu_ffn(*CASE64)
    return [out, str(out.dtype)]


CASE_NEG = _weights(3, D=6, F=10, lead=(5,), gate_scale=400.0)


@hidden(expected=_numpy_ffn(*CASE_NEG))
def huge_gate_values(m):
    """gate projections in the hundreds of both signs: SiLU is ~0 or ~z, never nan"""
    return m.swiglu_ffn(*CASE_NEG)


CASE_GRAD = _weights(4, D=5, F=7, dtype=torch.float64, lead=(3,))


def _numpy_grads():
    """Gradients of sum(FFN(x) * c) by central differences on the NumPy forward (float64, h = 1e-6)."""
    c = np.arange(15.0).reshape(3, 5) / 10
    grads = []
    for k in range(4):
        base = [t.clone() for t in CASE_GRAD]
        g = np.zeros(tuple(base[k].shape))
        for idx in np.ndindex(g.shape):
            plus, minus = [t.clone() for t in base], [t.clone() for t in base]
            plus[k][idx] += 1e-6
            minus[k][idx] -= 1e-6
            g[idx] = (np.sum(_numpy_ffn(*plus) * c) - np.sum(_numpy_ffn(*minus) * c)) / 2e-6
        grads.append(g)
    return grads


@hidden(comparator={"kind": "allclose", "rtol": 1e-6, "atol": 1e-8}, expected=_numpy_grads())
def gradients_reach_every_input(m):
    """float64: gradients of sum(out * c) with respect to x, W_gate, W_up and W_down"""
    leaves = [t.clone().requires_grad_(True) for t in CASE_GRAD]
    out = m.swiglu_ffn(*leaves)
    (out * torch.arange(15.0, dtype=torch.float64).reshape(3, 5) / 10).sum().backward()
    return [t.grad for t in leaves]


@hidden(expected=[t.clone() for t in _weights(5, D=4, F=6, lead=(2,))])
def inputs_not_modified(m):
    args = _weights(5, D=4, F=6, lead=(2,))
    m.swiglu_ffn(*args)
    return list(args)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_modules(solution):
    x, W_gate, W_up, W_down = _weights(9, D=16, F=40, lead=(2, 5))
    gate, up, down = (torch.nn.Linear(16, 40, bias=False), torch.nn.Linear(16, 40, bias=False),
                      torch.nn.Linear(40, 16, bias=False))
    with torch.no_grad():
        gate.weight.copy_(W_gate)
        up.weight.copy_(W_up)
        down.weight.copy_(W_down)
        expected = down(torch.nn.functional.silu(gate(x)) * up(x))
    torch.testing.assert_close(solution.swiglu_ffn(x, W_gate, W_up, W_down), expected)
