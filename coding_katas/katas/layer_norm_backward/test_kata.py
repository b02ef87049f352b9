from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

_S = np.sqrt(1.5)


def _case(seed, shape, offset=0.0, scale=1.0):
    """x, dy and gamma for an input of the given shape."""
    rng = np.random.default_rng(seed)
    d = shape[-1]
    return rng.normal(size=shape) * scale + offset, rng.normal(size=shape), rng.normal(size=d) + 1.0


def _jacobian_model(dy, x, gamma, eps=1e-5):
    """Independent model: the explicit D x D Jacobian of each row, d xhat_i / d x_j = (delta_ij - 1/D) / sigma
    - (x_i - mu)(x_j - mu) / (D sigma^3), applied to dy * gamma."""
    D = x.shape[-1]
    X, G = x.reshape(-1, D), dy.reshape(-1, D)
    dx, dgamma = np.zeros_like(X), np.zeros(D)
    for r in range(len(X)):
        c = X[r] - X[r].mean()
        sigma = np.sqrt((c @ c) / D + eps)
        J = (np.eye(D) - 1.0 / D) / sigma - np.outer(c, c) / (D * sigma ** 3)
        dx[r] = J.T @ (G[r] * gamma)
        dgamma += G[r] * c / sigma
    return dx.reshape(x.shape), dgamma, G.sum(axis=0)


_MODEL = SimpleNamespace(layer_norm_backward=_jacobian_model)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=(np.array([[_S / 6, -_S / 3, _S / 6]]), np.array([-_S, 0.0, 0.0]), np.array([1.0, 0.0, 0.0])))
def prompt_example(m):
    """x = [[1, 2, 3]], dy = [[1, 0, 0]], gamma = 1, eps = 0"""
    return m.layer_norm_backward(np.array([[1.0, 0.0, 0.0]]), np.array([[1.0, 2.0, 3.0]]), np.ones(3), eps=0.0)


@_expected_from_model(sample)
def batch_of_rows(m):
    """x (4, 5), random dy and gamma, default eps"""
    x, dy, gamma = _case(0, (4, 5), offset=1.0, scale=2.0)
    return m.layer_norm_backward(dy, x, gamma)


@_expected_from_model(sample)
def uniform_upstream_gradient(m):
    """x (3, 4), dy = 1 everywhere, gamma = [1, 2, 3, 4]: the mean and variance paths both matter"""
    x, _, _ = _case(1, (3, 4))
    return m.layer_norm_backward(np.ones((3, 4)), x, np.array([1.0, 2.0, 3.0, 4.0]))


@_expected_from_model(hidden)
def three_dims_sums_params_over_batch_and_sequence(m):
    """x (2, 3, 6): dgamma and dbeta sum over both leading axes"""
    x, dy, gamma = _case(2, (2, 3, 6))
    return m.layer_norm_backward(dy, x, gamma)


@_expected_from_model(hidden)
def one_dimensional_input(m):
    """a single row x (7,)"""
    x, dy, gamma = _case(3, (7,))
    return m.layer_norm_backward(dy, x, gamma)


@_expected_from_model(hidden)
def constant_rows(m):
    """rows [5, 5, 5, 5] and [-1, -1, -1, -1] (variance 0), default eps"""
    x = np.array([[5.0, 5.0, 5.0, 5.0], [-1.0, -1.0, -1.0, -1.0]])
    _, dy, gamma = _case(4, (2, 4))
    return m.layer_norm_backward(dy, x, gamma)


@_expected_from_model(hidden)
def single_feature(m):
    """D = 1: dx is 0"""
    x, dy, gamma = _case(5, (4, 1))
    return m.layer_norm_backward(dy, x, gamma)


@_expected_from_model(hidden)
def two_features(m):
    """D = 2, where the unbiased variance would be twice the biased one"""
    x, dy, gamma = _case(6, (5, 2))
    return m.layer_norm_backward(dy, x, gamma, eps=1e-3)


@_expected_from_model(hidden)
def large_eps(m):
    """x (3, 4) with a small spread and eps = 0.5"""
    x, dy, gamma = _case(7, (3, 4), scale=0.3)
    return m.layer_norm_backward(dy, x, gamma, eps=0.5)


@_expected_from_model(hidden)
def gamma_with_zero_and_negative(m):
    """gamma = [0, -2, 1, 0.5, -0.1]"""
    x, dy, _ = _case(8, (3, 5))
    return m.layer_norm_backward(dy, x, np.array([0.0, -2.0, 1.0, 0.5, -0.1]))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return dy, x and gamma"""
    x, dy, gamma = _case(9, (2, 2, 3))
    m.layer_norm_backward(dy, x, gamma)
    return [dy, x, gamma]


@_expected_from_model(hidden)
def larger_random(m):
    """x (8, 16, 64) with an offset of 3"""
    x, dy, gamma = _case(10, (8, 16, 64), offset=3.0, scale=1.5)
    return m.layer_norm_backward(dy, x, gamma)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch
    import torch.nn.functional as F

    for seed, shape, eps in [(20, (4, 6), 1e-5), (21, (2, 3, 5), 1e-3), (22, (9,), 0.1), (23, (3, 1), 1e-5)]:
        x, dy, gamma = _case(seed, shape)
        tx = torch.tensor(x, requires_grad=True)
        tg = torch.tensor(gamma, requires_grad=True)
        tb = torch.zeros(shape[-1], dtype=torch.float64, requires_grad=True)
        F.layer_norm(tx, (shape[-1],), tg, tb, eps).backward(torch.from_numpy(dy))
        dx, dgamma, dbeta = solution.layer_norm_backward(dy, x, gamma, eps)
        np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose(dgamma, tg.grad.numpy(), rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose(dbeta, tb.grad.numpy(), rtol=1e-9, atol=1e-11)


def test_matches_finite_differences(solution):
    x, dy, gamma = _case(30, (3, 4))
    beta = np.zeros(4)
    eps, h = 1e-5, 1e-6

    def loss(x_, gamma_, beta_):
        mu = x_.mean(axis=-1, keepdims=True)
        var = ((x_ - mu) ** 2).mean(axis=-1, keepdims=True)
        return float(np.sum(dy * (gamma_ * (x_ - mu) / np.sqrt(var + eps) + beta_)))

    def numeric(arg):
        grad = np.zeros_like(arg)
        for i in np.ndindex(arg.shape):
            plus, minus = arg.copy(), arg.copy()
            plus[i] += h
            minus[i] -= h
            args_p = [plus if a is arg else a for a in (x, gamma, beta)]
            args_m = [minus if a is arg else a for a in (x, gamma, beta)]
            grad[i] = (loss(*args_p) - loss(*args_m)) / (2 * h)
        return grad

    dx, dgamma, dbeta = solution.layer_norm_backward(dy, x, gamma, eps)
    np.testing.assert_allclose(dx, numeric(x), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dgamma, numeric(gamma), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dbeta, numeric(beta), rtol=1e-5, atol=1e-7)
