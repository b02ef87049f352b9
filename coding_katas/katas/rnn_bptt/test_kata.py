import numpy as np

from coding_katas.scenarios import hidden, sample

NAMES = ("x", "h0", "W_ih", "W_hh", "b_ih", "b_hh")


def _forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    h, hs = h0, []
    for t in range(x.shape[0]):
        h = np.tanh(x[t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
        hs.append(h)
    return np.stack(hs)


def _complex_step(args, dH):
    """Expected values without backpropagation: each gradient entry by the complex-step derivative
    Im(L(p + i*1e-30)) / 1e-30 of L = sum(H * dH), exact to rounding (no subtractive cancellation)."""
    out = {"H": _forward(*args)}
    for k, name in enumerate(NAMES):
        grad = np.zeros(args[k].shape)
        for idx in np.ndindex(args[k].shape):
            perturbed = [np.array(a, dtype=complex) for a in args]
            perturbed[k][idx] += 1e-30j
            grad[idx] = np.sum(_forward(*perturbed) * dH).imag / 1e-30
        out["d" + name] = grad
    return out


def _case(seed, T, N, D, H, scale=0.6, dH_steps=None):
    rng = np.random.default_rng(seed)
    args = (rng.normal(size=(T, N, D)), rng.normal(size=(N, H)) * 0.5, rng.normal(size=(H, D)) * scale,
            rng.normal(size=(H, H)) * scale, rng.normal(size=H) * 0.1, rng.normal(size=H) * 0.1)
    dH = rng.normal(size=(T, N, H))
    if dH_steps is not None:
        keep = np.zeros((T, 1, 1))
        keep[list(dH_steps)] = 1.0
        dH = dH * keep
    return args, dH


def _run(m, case):
    args, dH = case
    return m.rnn_bptt(*args, dH)


_H1 = np.tanh(0.3)


@sample(expected={"H": np.array([[[_H1]]]), "dx": np.array([[[0.3 * (1 - _H1**2)]]]),
                  "dh0": np.array([[-0.2 * (1 - _H1**2)]]), "dW_ih": np.array([[1 - _H1**2]]),
                  "dW_hh": np.array([[0.5 * (1 - _H1**2)]]), "db_ih": np.array([1 - _H1**2]),
                  "db_hh": np.array([1 - _H1**2])})
def prompt_example(m):
    """T = N = D = H = 1: x = 1, h0 = 0.5, W_ih = 0.3, W_hh = -0.2, b_ih = 0.1, b_hh = 0, dH = 1"""
    return m.rnn_bptt(np.array([[[1.0]]]), np.array([[0.5]]), np.array([[0.3]]), np.array([[-0.2]]),
                      np.array([0.1]), np.array([0.0]), np.array([[[1.0]]]))


CASE_SMALL = _case(1, T=3, N=1, D=2, H=2)


@sample(expected=_complex_step(*CASE_SMALL))
def three_steps(m):
    """T=3, N=1, D=2, H=2, random weights, a loss on every step"""
    return _run(m, CASE_SMALL)


CASE_LAST = _case(2, T=4, N=2, D=3, H=3, dH_steps=[3])


@sample(expected=_complex_step(*CASE_LAST))
def many_to_one(m):
    """T=4, N=2, D=3, H=3, loss on the last step only: the gradient must still reach x_1 and h0"""
    return _run(m, CASE_LAST)


CASE_BATCH = _case(3, T=6, N=4, D=3, H=5)


@hidden(expected=_complex_step(*CASE_BATCH))
def batch_of_four(m):
    """T=6, N=4, D=3, H=5, loss on every step"""
    return _run(m, CASE_BATCH)


CASE_FIRST = _case(4, T=5, N=2, D=2, H=3, dH_steps=[0])


@hidden(expected=_complex_step(*CASE_FIRST))
def loss_on_first_step_only(m):
    """dH zero except step 1: inputs x_2..x_5 get exactly zero gradient"""
    return _run(m, CASE_FIRST)


CASE_LONG = _case(5, T=40, N=2, D=2, H=3, scale=0.9)


@hidden(expected=_complex_step(*CASE_LONG))
def forty_steps(m):
    """T=40, N=2, D=2, H=3, larger recurrent weights"""
    return _run(m, CASE_LONG)


CASE_ZERO = (_case(6, T=3, N=2, D=2, H=2)[0], np.zeros((3, 2, 2)))


@hidden(expected=_complex_step(*CASE_ZERO))
def zero_upstream_gradient(m):
    """dH all zero: hidden states as usual, every gradient exactly 0"""
    return _run(m, CASE_ZERO)


CASE_WIDE = _case(7, T=2, N=3, D=4, H=6, scale=1.2)


@hidden(expected=_complex_step(*CASE_WIDE))
def saturated_units(m):
    """T=2, N=3, D=4, H=6 with large weights: many units near +-1, where tanh' is small"""
    return _run(m, CASE_WIDE)


@hidden(expected=[arr.copy() for arr in CASE_SMALL[0]] + [CASE_SMALL[1].copy()])
def inputs_not_modified(m):
    args, dH = _case(1, T=3, N=1, D=2, H=2)
    m.rnn_bptt(*args, dH)
    return list(args) + [dH]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_rnn(solution):
    import torch

    args, dH = _case(11, T=7, N=3, D=4, H=5)
    t_args = [torch.tensor(a, requires_grad=True) for a in args]
    rnn = torch.nn.RNN(4, 5, dtype=torch.float64)
    with torch.no_grad():
        for p, a in zip((rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0), t_args[2:], strict=True):
            p.copy_(a)
    H, _ = rnn(t_args[0], t_args[1][None])
    (H * torch.tensor(dH)).sum().backward()
    out = solution.rnn_bptt(*args, dH)
    np.testing.assert_allclose(out["H"], H.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(out["dx"], t_args[0].grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(out["dh0"], t_args[1].grad.numpy(), rtol=1e-10, atol=1e-14)
    for name, p in (("dW_ih", rnn.weight_ih_l0), ("dW_hh", rnn.weight_hh_l0), ("db_ih", rnn.bias_ih_l0),
                    ("db_hh", rnn.bias_hh_l0)):
        np.testing.assert_allclose(out[name], p.grad.numpy(), rtol=1e-10, atol=1e-14)
