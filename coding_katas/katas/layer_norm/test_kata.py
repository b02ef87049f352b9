from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _row_fsum(x, gamma, beta, eps=1e-5):
    """Independent model: row by row along the last axis with math.fsum for the mean and biased variance."""
    import math

    rows = np.asarray(x, float).reshape(-1, x.shape[-1])
    out = np.empty_like(rows)
    for r, row in enumerate(rows.tolist()):
        mu = math.fsum(row) / len(row)
        sd = math.sqrt(math.fsum((v - mu) ** 2 for v in row) / len(row) + eps)
        out[r] = [g * (v - mu) / sd + b for v, g, b in zip(row, gamma, beta, strict=True)]
    return out.reshape(x.shape)


_MODEL = SimpleNamespace(layer_norm=_row_fsum)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([[-np.sqrt(1.5), 0.0, np.sqrt(1.5)]]))
def one_row_no_eps(m):
    """x = [[1, 2, 3]], gamma = 1, beta = 0, eps = 0"""
    return m.layer_norm(np.array([[1.0, 2.0, 3.0]]), np.ones(3), np.zeros(3), eps=0.0)


@sample(expected=np.array([[-1.0, 5.0], [-1.0, 5.0]]))
def scale_and_shift(m):
    """x = [[0, 2], [5, 9]] (both rows normalise to [-1, 1]), gamma = [2, 3], beta = [1, 2], eps = 0"""
    return m.layer_norm(np.array([[0.0, 2.0], [5.0, 9.0]]), np.array([2.0, 3.0]), np.array([1.0, 2.0]), eps=0.0)


@_expected_from_model(sample)
def batch_of_rows_default_eps(m):
    """a (4, 6) random matrix with random gamma and beta, default eps"""
    rng = np.random.default_rng(0)
    return m.layer_norm(rng.normal(size=(4, 6)) * 3 + 1, rng.normal(size=6), rng.normal(size=6))


@hidden(expected=np.array([[0.5, -1.0, 2.0], [0.5, -1.0, 2.0]]))
def constant_rows_give_beta(m):
    return m.layer_norm(np.array([[7.0, 7.0, 7.0], [-2.0, -2.0, -2.0]]), np.array([3.0, 1.0, 2.0]),
                        np.array([0.5, -1.0, 2.0]))


@_expected_from_model(hidden)
def three_dims(m):
    """(batch 2, sequence 5, features 8)"""
    rng = np.random.default_rng(1)
    return m.layer_norm(rng.normal(size=(2, 5, 8)), rng.normal(size=8), rng.normal(size=8))


@_expected_from_model(hidden)
def few_features_unbiased_differs(m):
    """D = 2, where dividing by D - 1 halves the variance"""
    rng = np.random.default_rng(2)
    return m.layer_norm(rng.normal(size=(5, 2)), np.ones(2), np.zeros(2))


@_expected_from_model(hidden)
def large_eps(m):
    rng = np.random.default_rng(3)
    return m.layer_norm(rng.normal(size=(3, 4)) * 0.5, np.full(4, 1.5), np.full(4, -0.5), eps=0.3)


@_expected_from_model(hidden)
def tall_matrix_not_batch_statistics(m):
    """(7, 3): statistics must come from each row, not each column"""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(7, 3)) + np.arange(7)[:, None]
    return m.layer_norm(x, np.array([1.0, 2.0, 0.5]), np.array([0.0, 0.1, -0.1]))


@_expected_from_model(hidden)
def large_offset_small_spread(m):
    rng = np.random.default_rng(5)
    x = 1e6 + rng.normal(size=(3, 16))
    return m.layer_norm(x, np.ones(16), np.zeros(16))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    x = np.array([[1.0, -2.0, 4.0, 0.5]])
    gamma = np.array([1.0, 2.0, 3.0, 4.0])
    beta = np.array([0.0, 0.0, 1.0, 1.0])
    m.layer_norm(x, gamma, beta)
    return [x, gamma, beta]


# Independent check of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch

    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4, 10)) * 2 + 1
    gamma, beta = rng.normal(size=10), rng.normal(size=10)
    expected = torch.nn.functional.layer_norm(torch.from_numpy(x), (10,), torch.from_numpy(gamma),
                                              torch.from_numpy(beta), eps=1e-5).numpy()
    np.testing.assert_allclose(solution.layer_norm(x, gamma, beta), expected, rtol=1e-10, atol=1e-12)
