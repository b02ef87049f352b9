from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _merged(x, W, b, A, B, alpha):
    """Independent model: one matmul with the merged weight W + (alpha / r) B A."""
    return x @ (W + alpha / A.shape[0] * B @ A).T + b


_MODEL = SimpleNamespace(lora_forward=_merged)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _layer(seed, d_in, d_out, r, batch=(4,)):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(*batch, d_in))
    W = rng.normal(size=(d_out, d_in)) / np.sqrt(d_in)
    b = rng.normal(size=d_out)
    A = rng.normal(size=(r, d_in))
    B = rng.normal(size=(d_out, r))
    return x, W, b, A, B


@sample(expected=np.array([[7.0, 2.0, 16.0]]))
def example_from_prompt(m):
    """x = [[1, 2]], identity-like W, rank-1 A and B, alpha = 2"""
    x = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.array([0.0, 0.0, 1.0])
    A = np.array([[1.0, 1.0]])
    B = np.array([[1.0], [0.0], [2.0]])
    return m.lora_forward(x, W, b, A, B, 2)


@_expected_from_model(sample)
def zero_B_is_the_base_layer(m):
    """B = 0 (the standard initialisation): the output equals x @ W.T + b"""
    x, W, b, A, _ = _layer(1, d_in=5, d_out=3, r=2)
    return m.lora_forward(x, W, b, A, np.zeros((3, 2)), 8.0)


@_expected_from_model(sample)
def rank_two_small(m):
    """x (4, 6), W (3, 6), rank r = 2, alpha = 4.0"""
    x, W, b, A, B = _layer(2, d_in=6, d_out=3, r=2)
    return m.lora_forward(x, W, b, A, B, 4.0)


@_expected_from_model(hidden)
def integer_alpha_not_multiple_of_rank(m):
    """alpha = 3 (int), r = 2: the scale is 1.5, not 1"""
    x, W, b, A, B = _layer(3, d_in=4, d_out=5, r=2)
    return m.lora_forward(x, W, b, A, B, 3)


@_expected_from_model(hidden)
def rank_differs_from_dimensions(m):
    """r = 3 while d_in = 7 and d_out = 5: r comes from A.shape[0]"""
    x, W, b, A, B = _layer(4, d_in=7, d_out=5, r=3)
    return m.lora_forward(x, W, b, A, B, 6.0)


@_expected_from_model(hidden)
def rank_one(m):
    x, W, b, A, B = _layer(5, d_in=3, d_out=4, r=1, batch=(2,))
    return m.lora_forward(x, W, b, A, B, 0.5)


@_expected_from_model(hidden)
def three_dim_batch(m):
    """x (2, 3, 6): leading dimensions are batch dimensions"""
    x, W, b, A, B = _layer(6, d_in=6, d_out=4, r=2, batch=(2, 3))
    return m.lora_forward(x, W, b, A, B, 16.0)


@_expected_from_model(hidden)
def single_vector(m):
    """x of shape (d_in,) gives (d_out,)"""
    x, W, b, A, B = _layer(7, d_in=5, d_out=2, r=4, batch=())
    return m.lora_forward(x, W, b, A, B, 8.0)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    x, W, b, A, B = _layer(8, d_in=4, d_out=4, r=2)
    copies = [a.copy() for a in (x, W, b, A, B)]
    m.lora_forward(*copies, 2.0)
    return copies


@_expected_from_model(hidden)
def larger_random(m):
    """x (256, 64), W (32, 64), r = 8, alpha = 16"""
    x, W, b, A, B = _layer(9, d_in=64, d_out=32, r=8, batch=(256,))
    return m.lora_forward(x, W, b, A, B, 16)


# Independent checks of the reference itself (plain pytest only).
def test_matches_merged_weight(solution):
    x, W, b, A, B = _layer(10, d_in=12, d_out=9, r=3, batch=(5, 2))
    merged = W + (7 / 3) * B @ A
    np.testing.assert_allclose(solution.lora_forward(x, W, b, A, B, 7), x @ merged.T + b, rtol=1e-10, atol=1e-12)


def test_matches_torch_linear(solution):
    import torch

    x, W, b, A, B = _layer(11, d_in=8, d_out=6, r=2)
    t = torch.from_numpy
    expected = torch.nn.functional.linear(t(x), t(W), t(b)) + 2.5 * torch.nn.functional.linear(
        torch.nn.functional.linear(t(x), t(A)), t(B))
    np.testing.assert_allclose(solution.lora_forward(x, W, b, A, B, 5.0), expected.numpy(), rtol=1e-10, atol=1e-12)
