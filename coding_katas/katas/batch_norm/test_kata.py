from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _column_fsum(x, gamma, beta, eps=1e-5):
    """Independent model: column by column with math.fsum for the mean and the biased variance."""
    import math

    out = np.empty_like(x, dtype=float)
    for j in range(x.shape[1]):
        col = [float(v) for v in x[:, j]]
        mu = math.fsum(col) / len(col)
        var = math.fsum((v - mu) ** 2 for v in col) / len(col)
        out[:, j] = [gamma[j] * (v - mu) / math.sqrt(var + eps) + beta[j] for v in col]
    return out


_MODEL = SimpleNamespace(batch_norm_train=_column_fsum)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([[-1.0, -1.0], [1.0, 1.0]]))
def two_examples_no_eps(m):
    """x = [[1, 10], [3, 30]], gamma = 1, beta = 0, eps = 0"""
    return m.batch_norm_train(np.array([[1.0, 10.0], [3.0, 30.0]]), np.ones(2), np.zeros(2), eps=0.0)


@sample(expected=np.array([[1.0 - 2 * np.sqrt(1.5), 2.0], [1.0, 2.0 - 3 * np.sqrt(1.5)], [1.0 + 2 * np.sqrt(1.5), 2.0 + 3 * np.sqrt(1.5)]]))
def scale_and_shift(m):
    """x = [[1, 5], [2, 4], [3, 6]], gamma = [2, 3], beta = [1, 2], eps = 0"""
    return m.batch_norm_train(np.array([[1.0, 5.0], [2.0, 4.0], [3.0, 6.0]]), np.array([2.0, 3.0]),
                              np.array([1.0, 2.0]), eps=0.0)


@_expected_from_model(sample)
def random_batch_default_eps(m):
    """a (8, 5) random batch with random gamma and beta, default eps"""
    rng = np.random.default_rng(0)
    return m.batch_norm_train(rng.normal(size=(8, 5)) * 2 + 3, rng.normal(size=5), rng.normal(size=5))


@hidden(expected=np.array([[0.5, -1.0, 2.0]]))
def batch_of_one_gives_beta(m):
    return m.batch_norm_train(np.array([[4.0, -3.0, 9.0]]), np.array([2.0, 2.0, 2.0]), np.array([0.5, -1.0, 2.0]))


@_expected_from_model(hidden)
def constant_column(m):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 3))
    x[:, 1] = 4.2
    return m.batch_norm_train(x, np.array([1.0, 5.0, -1.0]), np.array([0.0, 0.7, 0.3]))


@_expected_from_model(hidden)
def small_batch_unbiased_differs(m):
    """N = 3, where dividing by N - 1 changes the variance by half"""
    rng = np.random.default_rng(2)
    return m.batch_norm_train(rng.normal(size=(3, 4)), np.ones(4), np.zeros(4))


@_expected_from_model(hidden)
def wide_batch_not_row_statistics(m):
    """(3, 7): statistics must come from each column, not each row"""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 7)) + np.arange(7)
    return m.batch_norm_train(x, rng.normal(size=7), rng.normal(size=7))


@_expected_from_model(hidden)
def large_eps(m):
    rng = np.random.default_rng(4)
    return m.batch_norm_train(rng.normal(size=(5, 3)) * 0.4, np.full(3, 2.0), np.full(3, 0.5), eps=0.25)


@_expected_from_model(hidden)
def large_batch(m):
    """(256, 32) with feature-dependent scales and offsets"""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(256, 32)) * rng.uniform(0.1, 10, size=32) + rng.normal(size=32) * 50
    return m.batch_norm_train(x, rng.normal(size=32), rng.normal(size=32))


@_expected_from_model(hidden)
def large_offset_small_spread(m):
    rng = np.random.default_rng(6)
    return m.batch_norm_train(1e6 + rng.normal(size=(16, 3)), np.ones(3), np.zeros(3))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    x = np.array([[1.0, -2.0], [4.0, 0.5], [3.0, 3.0]])
    gamma = np.array([1.5, 2.0])
    beta = np.array([0.1, -0.1])
    m.batch_norm_train(x, gamma, beta)
    return [x, gamma, beta]


# Independent check of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch

    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, 6)) * 3 - 1
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    expected = torch.nn.functional.batch_norm(torch.from_numpy(x), None, None, torch.from_numpy(gamma),
                                              torch.from_numpy(beta), training=True, eps=1e-5).numpy()
    np.testing.assert_allclose(solution.batch_norm_train(x, gamma, beta), expected, rtol=1e-10, atol=1e-12)
