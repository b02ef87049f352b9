from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _fsum_clip(grads, max_norm):
    """Independent model: the total norm by math.fsum over every entry, torch's coef rule, new arrays."""
    import math

    total = math.sqrt(math.fsum(float(v) ** 2 for g in grads for v in np.ravel(g)))
    coef = max_norm / (total + 1e-6)
    return [np.array(g, dtype=float) * (coef if coef < 1 else 1.0) for g in grads], total


_MODEL = SimpleNamespace(clip_grad_norm=_fsum_clip)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _grads(seed, shapes, scale=1.0):
    rng = np.random.default_rng(seed)
    return [np.asarray(rng.normal(size=s) * scale) for s in shapes]


_C5 = 1.0 / 5.000001


@sample(expected=([np.array([3 * _C5, 0.0]), np.array([[0.0, 4 * _C5]])], 5.0))
def prompt_example(m):
    """grads [[3, 0]] and [[[0, 4]]] (total norm 5), max_norm = 1"""
    return m.clip_grad_norm([np.array([3.0, 0.0]), np.array([[0.0, 4.0]])], 1.0)


@sample(expected=([np.array([0.1, 0.2]), np.array([0.3])], float(np.sqrt(0.14))))
def below_max_norm_is_unchanged(m):
    """grads [0.1, 0.2] and [0.3] (total 0.374), max_norm = 10"""
    return m.clip_grad_norm([np.array([0.1, 0.2]), np.array([0.3])], 10.0)


@sample(expected=([np.array([3.0, 4.0]) * (5.0 / 5.000001)], 5.0))
def equal_to_max_norm_is_still_clipped(m):
    """grad [3, 4] (total 5), max_norm = 5: coef = 5 / 5.000001 < 1"""
    return m.clip_grad_norm([np.array([3.0, 4.0])], 5.0)


@hidden(expected=([np.array([0.4e-6]), np.array([1.6e-6 / 3])], 2e-6))
def tiny_norm_epsilon_dominates(m):
    """grads [1.2e-6] and [1.6e-6] (total 2e-6), max_norm = 1e-6: coef = 1/3"""
    return m.clip_grad_norm([np.array([1.2e-6]), np.array([1.6e-6])], 1e-6)


@hidden(expected=([], 0.0))
def empty_list(m):
    return m.clip_grad_norm([], 1.0)


@_expected_from_model(hidden)
def all_zero_gradients(m):
    """three zero arrays, max_norm = 0.5"""
    return m.clip_grad_norm([np.zeros((2, 3)), np.zeros(4), np.zeros(())], 0.5)


@_expected_from_model(hidden)
def global_norm_over_many_shapes(m):
    """a (3, 4) matrix, a vector, a 0-d array and a (2, 2, 2) array, max_norm = 1"""
    grads = _grads(1, [(3, 4), (5,), (), (2, 2, 2)])
    return m.clip_grad_norm(grads, 1.0)


@_expected_from_model(hidden)
def one_large_array_dominates(m):
    """one array with norm about 100 and two small ones, max_norm = 2: all scaled by the same coef"""
    grads = [np.full(4, 50.0), np.array([0.01, -0.02]), np.array([[0.5]])]
    return m.clip_grad_norm(grads, 2.0)


@_expected_from_model(hidden)
def several_thresholds(m):
    """the same gradients clipped at max_norm 0.1, 1, 3, 100 (the results and norms of each)"""
    grads = _grads(2, [(4, 3), (6,)])
    return [m.clip_grad_norm(grads, c) for c in (0.1, 1.0, 3.0, 100.0)]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """clip hard (max_norm = 0.01), then return the input list"""
    grads = _grads(3, [(2, 2), (3,)], scale=5.0)
    m.clip_grad_norm(grads, 0.01)
    return grads


@_expected_from_model(hidden)
def returned_arrays_are_new(m):
    """no clipping needed; zero the returned arrays, then return the inputs"""
    grads = _grads(4, [(3,), (2, 2)])
    clipped, _ = m.clip_grad_norm(grads, 1e6)
    for g in clipped:
        g[...] = 0.0
    return grads


@_expected_from_model(hidden)
def larger_random(m):
    """30 arrays of mixed shapes with large values, max_norm = 1"""
    rng = np.random.default_rng(5)
    shapes = [tuple(int(d) for d in rng.integers(1, 9, size=rng.integers(0, 4))) for _ in range(30)]
    return m.clip_grad_norm(_grads(6, shapes, scale=3.0), 1.0)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_clip_grad_norm(solution):
    import torch

    for seed, max_norm in [(10, 0.5), (11, 1e3), (12, 1.0)]:
        grads = _grads(seed, [(4, 5), (7,), (), (2, 3, 2)], scale=2.0)
        params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.from_numpy(g.copy())
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        clipped, got_total = solution.clip_grad_norm(grads, max_norm)
        assert abs(got_total - float(total)) <= 1e-12 * float(total)
        for p, c in zip(params, clipped, strict=True):
            np.testing.assert_allclose(c, p.grad.numpy(), rtol=1e-13, atol=1e-15)
