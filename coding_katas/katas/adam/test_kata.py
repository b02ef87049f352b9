from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _adam_elementwise(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Independent model: the torch.optim.Adam update one scalar at a time with math.sqrt."""
    import math

    out = []
    for p, g, m0, v0 in zip(*(np.ravel(a).tolist() for a in (param, grad, m, v)), strict=True):
        m1, v1 = beta1 * m0 + (1 - beta1) * g, beta2 * v0 + (1 - beta2) * g * g
        out.append((p - lr * (m1 / (1 - beta1 ** t)) / (math.sqrt(v1 / (1 - beta2 ** t)) + eps), m1, v1))
    return tuple(np.array([o[k] for o in out]).reshape(np.shape(param)) for k in range(3))


_MODEL = SimpleNamespace(adam_step=_adam_elementwise)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=(np.array([0.999, -0.999]), np.array([0.2, -0.05]), np.array([0.004, 0.00025])))
def prompt_example(m):
    """param [1, -1], grad [2, -0.5], zero moments, t = 1, default hyper-parameters"""
    return m.adam_step(np.array([1.0, -1.0]), np.array([2.0, -0.5]), np.zeros(2), np.zeros(2), t=1)


@sample(expected=(np.array([0.5, -2.0, 3.0]), np.zeros(3), np.zeros(3)))
def zero_gradient_leaves_param(m):
    """a zero gradient with zero moments on step 1 changes nothing"""
    return m.adam_step(np.array([0.5, -2.0, 3.0]), np.zeros(3), np.zeros(3), np.zeros(3), t=1)


@_expected_from_model(sample)
def second_step_from_zero(m):
    """params start at 0; step 1 with grad [1, -3, 0.2], then step 2 with grad [0.5, 1, -0.2]"""
    p, mm, vv = m.adam_step(np.zeros(3), np.array([1.0, -3.0, 0.2]), np.zeros(3), np.zeros(3), t=1)
    return m.adam_step(p, np.array([0.5, 1.0, -0.2]), mm, vv, t=2)


@_expected_from_model(hidden)
def first_step_from_zero_params(m):
    """param 0 so the update itself is compared; gradients spanning several magnitudes"""
    g = np.array([3.0, -0.02, 150.0, -7.5, 0.4])
    return m.adam_step(np.zeros(5), g, np.zeros(5), np.zeros(5), t=1)


@_expected_from_model(hidden)
def tiny_gradients_eps_placement(m):
    """gradients of order 1e-8 on step 1, where eps inside the root changes everything"""
    g = np.array([1e-8, -3e-8, 5e-9, 2e-7])
    return m.adam_step(np.zeros(4), g, np.zeros(4), np.zeros(4), t=1)


@_expected_from_model(hidden)
def large_step_number(m):
    """t = 10,000 with existing moments"""
    rng = np.random.default_rng(1)
    p, g = rng.normal(size=6), rng.normal(size=6)
    mm, vv = rng.normal(size=6) * 0.1, rng.random(6) * 0.01
    return m.adam_step(p, g, mm, vv, t=10_000)


@_expected_from_model(hidden)
def custom_hyper_parameters(m):
    """lr 0.1, beta1 0.5, beta2 0.9, eps 1e-3, t = 3"""
    rng = np.random.default_rng(2)
    p, g = rng.normal(size=4), rng.normal(size=4)
    mm, vv = rng.normal(size=4) * 0.3, rng.random(4) * 0.2
    return m.adam_step(p, g, mm, vv, t=3, lr=0.1, beta1=0.5, beta2=0.9, eps=1e-3)


@_expected_from_model(hidden)
def matrix_parameter(m):
    """a (3, 4, 2) parameter on step 5"""
    rng = np.random.default_rng(3)
    shape = (3, 4, 2)
    return m.adam_step(rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape) * 0.1,
                       rng.random(shape) * 0.05, t=5, lr=0.01)


@_expected_from_model(hidden)
def two_hundred_steps_on_a_quadratic(m):
    """minimise sum(a * (x - c)**2) from x = 0 for 200 steps with lr 0.05; returns the final (x, m, v)"""
    rng = np.random.default_rng(4)
    a, c = rng.random(8) + 0.5, rng.normal(size=8) * 3
    x, mm, vv = np.zeros(8), np.zeros(8), np.zeros(8)
    for t in range(1, 201):
        x, mm, vv = m.adam_step(x, 2 * a * (x - c), mm, vv, t, lr=0.05)
    return x, mm, vv


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return param, grad, m and v"""
    rng = np.random.default_rng(5)
    p, g, mm, vv = rng.normal(size=5), rng.normal(size=5), rng.normal(size=5) * 0.1, rng.random(5) * 0.01
    m.adam_step(p, g, mm, vv, t=4)
    return [p, g, mm, vv]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_adam_over_many_steps(solution):
    import torch

    rng = np.random.default_rng(6)
    grads = rng.normal(size=(50, 3, 4)) * np.logspace(-6, 1, 12).reshape(3, 4)
    for kwargs in [{}, {"lr": 0.1, "beta1": 0.5, "beta2": 0.9, "eps": 1e-3}]:
        hp = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8} | kwargs
        w = torch.zeros(3, 4, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([w], lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"])
        p, mm, vv = np.zeros((3, 4)), np.zeros((3, 4)), np.zeros((3, 4))
        for t, g in enumerate(grads, start=1):
            w.grad = torch.from_numpy(g.copy())
            opt.step()
            p, mm, vv = solution.adam_step(p, g, mm, vv, t, **kwargs)
        state = opt.state[w]
        np.testing.assert_allclose(p, w.detach().numpy(), rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(mm, state["exp_avg"].numpy(), rtol=1e-12)
        np.testing.assert_allclose(vv, state["exp_avg_sq"].numpy(), rtol=1e-12)
