from types import SimpleNamespace

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _value_and_grad(fn, x, upstream=None):
    """fn(x) and d/dx of sum(fn(x) * upstream) (upstream defaults to ones)."""
    x = x.detach().clone().requires_grad_()
    y = fn(x)
    g = torch.ones_like(y) if upstream is None else upstream
    (y * g).sum().backward()
    return [y.detach(), x.grad]


class _Float64Softplus(torch.autograd.Function):
    """Independent model: softplus as logaddexp(0, beta x) / beta in float64, gradient sigmoid(beta x)."""

    @staticmethod
    def forward(ctx, x, beta=1.0):
        if beta <= 0:
            raise ValueError("beta must be positive")
        ctx.save_for_backward(x)
        ctx.beta = beta
        z = x.double() * beta
        return (torch.logaddexp(torch.zeros_like(z), z) / beta).to(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * torch.sigmoid(x.double() * ctx.beta).to(g.dtype), None


class _PassThroughClamp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        if lo > hi:
            raise ValueError("lo > hi")
        return x.clamp(lo, hi)

    @staticmethod
    def backward(ctx, g):
        return g, None, None


_MODEL = SimpleNamespace(StableSoftplus=_Float64Softplus, ClampSTE=_PassThroughClamp)


def _on_one_thread(fn):
    """fn(_MODEL) with torch on one thread (then restored): tiny tensors, and two threads fighting over a
    shared machine made these expected values cost seconds at import."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return fn(_MODEL)
    finally:
        torch.set_num_threads(threads)


def _expected_from_model(declare, **options):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=_on_one_thread(fn), **options)(fn)


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=[np.array([0.126928011, 0.693147181, 3.048587351]), np.array([0.119202922, 0.5, 0.952574127])])
def softplus_value_and_gradient(m):
    """StableSoftplus.apply(x) for x = [-2, 0, 3]: values, and the gradient of their sum (sigmoid(x))"""
    return _value_and_grad(lambda t: m.StableSoftplus.apply(t, 1.0), torch.tensor([-2.0, 0.0, 3.0]))


@sample(expected=[np.array([-1.0, 0.5, 1.0]), np.array([1.0, 2.0, 3.0])])
def clamp_ste_passes_the_gradient_through(m):
    """ClampSTE.apply(x, -1, 1) for x = [-2, 0.5, 3]; gradient of sum(y * [1, 2, 3])"""
    return _value_and_grad(lambda t: m.ClampSTE.apply(t, -1.0, 1.0), torch.tensor([-2.0, 0.5, 3.0]),
                           torch.tensor([1.0, 2.0, 3.0]))


@sample(expected=[np.array([0.0, 0.0, 0.693147181, 100.0, 10000.0]), np.array([0.0, 0.0, 0.5, 1.0, 1.0])])
def softplus_extreme_inputs(m):
    """x = [-1e4, -100, 0, 100, 1e4] in float32: values and gradients must be finite"""
    return _value_and_grad(lambda t: m.StableSoftplus.apply(t, 1.0), torch.tensor([-1e4, -100.0, 0.0, 100.0, 1e4]))


@_expected_from_model(hidden)
def softplus_beta_two_and_half(m):
    """beta = 2 and 0.5: values, and the gradient sigmoid(beta x) with no extra factor beta"""
    x = torch.linspace(-6, 6, 13)
    return [_value_and_grad(lambda t: m.StableSoftplus.apply(t, 2.0), x),
            _value_and_grad(lambda t: m.StableSoftplus.apply(t, 0.5), x)]


@_expected_from_model(hidden)
def softplus_default_beta(m):
    """StableSoftplus.apply(x) with x only"""
    return _value_and_grad(lambda t: m.StableSoftplus.apply(t), torch.randn(4, 5, generator=_gen(1)) * 4)


@_expected_from_model(hidden)
def upstream_gradient_is_used(m):
    """backward of sum(y * G) for a random G, for both functions, on a (3, 4, 5) input"""
    x = torch.randn(3, 4, 5, generator=_gen(2)) * 3
    G = torch.randn(3, 4, 5, generator=_gen(3))
    return [_value_and_grad(lambda t: m.StableSoftplus.apply(t, 1.5), x, G),
            _value_and_grad(lambda t: m.ClampSTE.apply(t, -0.5, 2.0), x, G)]


@_expected_from_model(hidden)
def large_inputs_with_beta(m):
    """x up to +-1e4 with beta 3: beta * x is far beyond float32's exp range"""
    x = torch.tensor([-1e4, -50.0, -1.0, 0.25, 30.0, 1e4])
    return _value_and_grad(lambda t: m.StableSoftplus.apply(t, 3.0), x)


@_expected_from_model(hidden)
def gradient_matches_finite_differences(m):
    """float64: the backward gradient agrees with central differences (beta 1 and 1.7) to 1e-7"""
    x = torch.randn(6, generator=_gen(4), dtype=torch.float64) * 5
    h = 1e-6
    out = []
    for beta in (1.0, 1.7):
        _, grad = _value_and_grad(lambda t: m.StableSoftplus.apply(t, beta), x)
        numeric = (m.StableSoftplus.apply(x + h, beta) - m.StableSoftplus.apply(x - h, beta)) / (2 * h)
        out.append(bool((grad - numeric).abs().max() < 1e-7))
    return out


@_expected_from_model(hidden, comparator={"kind": "allclose", "rtol": 1e-12, "atol": 1e-14})
def float64_precision(m):
    """float64 in, float64 out, compared to 1e-12"""
    x = torch.randn(20, generator=_gen(5), dtype=torch.float64) * 15
    y, g = _value_and_grad(lambda t: m.StableSoftplus.apply(t, 1.3), x)
    return [y, g, str(y.dtype), str(m.ClampSTE.apply(x, -1.0, 1.0).dtype)]


@_expected_from_model(hidden)
def composes_with_each_other(m):
    """softplus(clamp_ste(x)) * 2, then the gradient: clipped elements still get sigmoid(clamped value) * 2"""
    x = torch.tensor([[-5.0, -0.3, 0.0], [0.8, 2.5, 9.0]])
    return _value_and_grad(lambda t: 2 * m.StableSoftplus.apply(m.ClampSTE.apply(t, -1.0, 2.0), 1.0), x)


@_expected_from_model(hidden)
def clamp_with_lo_equal_hi(m):
    """lo == hi == 0.5: every output is 0.5, every gradient passes through"""
    x = torch.randn(2, 3, generator=_gen(6))
    return _value_and_grad(lambda t: m.ClampSTE.apply(t, 0.5, 0.5), x, torch.arange(6.0).reshape(2, 3))


@_expected_from_model(hidden)
def no_grad_input_and_not_modified(m):
    """both are autograd Functions; inputs without requires_grad give outputs without it; inputs unchanged"""
    x = torch.tensor([-3.0, 0.5, 4.0])
    y1 = m.StableSoftplus.apply(x, 2.0)
    y2 = m.ClampSTE.apply(x, 0.0, 1.0)
    return [issubclass(m.StableSoftplus, torch.autograd.Function), issubclass(m.ClampSTE, torch.autograd.Function),
            y1.requires_grad, y2.requires_grad, x, y1, y2]


@_expected_from_model(hidden)
def invalid_arguments_raise(m):
    x = torch.ones(3)
    return [_outcome(lambda: m.StableSoftplus.apply(x, 0.0)), _outcome(lambda: m.StableSoftplus.apply(x, -1.0)),
            _outcome(lambda: m.ClampSTE.apply(x, 1.0, -1.0))]


# Independent checks of the reference itself (plain pytest only).
def test_gradcheck_and_torch_softplus(solution):
    import torch.nn.functional as F

    x = (torch.randn(30, generator=_gen(10), dtype=torch.float64) * 8).requires_grad_()
    for beta in (0.3, 1.0, 2.5):
        assert torch.autograd.gradcheck(lambda t: solution.StableSoftplus.apply(t, beta), (x,))
        # torch's softplus switches to the identity above `threshold`; set it high so both are exact.
        torch.testing.assert_close(solution.StableSoftplus.apply(x, beta), F.softplus(x, beta=beta, threshold=1e9),
                                   rtol=1e-12, atol=1e-14)


def test_clamp_ste_is_identity_gradient(solution):
    x = torch.linspace(-3, 3, 25, dtype=torch.float64).requires_grad_()
    G = torch.randn(25, generator=_gen(11), dtype=torch.float64)
    y = solution.ClampSTE.apply(x, -1.0, 1.5)
    (y * G).sum().backward()
    torch.testing.assert_close(y, x.detach().clamp(-1.0, 1.5))
    torch.testing.assert_close(x.grad, G)
