from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _per_sample_backprop(X, y, W1, b1, W2, b2):
    """Independent model: the chain rule one sample at a time (ReLU'(0) = 0), gradients of the batch-mean loss."""
    grads = {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "W2": np.zeros_like(W2), "b2": np.zeros_like(b2)}
    for x, label in zip(X, y, strict=True):
        z = x @ W1 + b1
        a = np.where(z > 0, z, 0.0)
        logits = a @ W2 + b2
        p = np.exp(logits - logits.max())
        p /= p.sum()
        dlogits = (p - np.eye(len(b2))[label]) / len(X)
        dz = (W2 @ dlogits) * (z > 0)
        grads["W2"] += np.outer(a, dlogits)
        grads["b2"] += dlogits
        grads["W1"] += np.outer(x, dz)
        grads["b1"] += dz
    return grads


_MODEL = SimpleNamespace(mlp_gradients=_per_sample_backprop)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _params(seed, n, d, hdim, c, scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n)
    W1 = rng.normal(size=(d, hdim)) * scale
    b1 = rng.normal(size=hdim) * 0.1
    W2 = rng.normal(size=(hdim, c)) * scale
    b2 = rng.normal(size=c) * 0.1
    return X, y, W1, b1, W2, b2


@sample(expected={"W1": np.array([[0.5, -0.5], [1.0, -1.0]]), "b1": np.array([0.5, -0.5]),
                  "W2": np.array([[0.5, -0.5], [0.5, -0.5]]), "b2": np.array([0.5, -0.5])})
def prompt_example(m):
    """X = [[1, 2]], y = [1], W1 = [[1, -1], [0, 1]], b1 = 0, W2 = I, b2 = 0"""
    X = np.array([[1.0, 2.0]])
    y = np.array([1])
    W1 = np.array([[1.0, -1.0], [0.0, 1.0]])
    W2 = np.eye(2)
    return m.mlp_gradients(X, y, W1, np.zeros(2), W2, np.zeros(2))


@_expected_from_model(sample)
def small_random_batch(m):
    """N=4, D=3, H=5, C=3 random parameters (seed 0)"""
    return m.mlp_gradients(*_params(0, 4, 3, 5, 3))


@_expected_from_model(sample)
def zero_preactivation_passes_no_gradient(m):
    """X has an all-zero row and b1 = 0, so that row's pre-activations are exactly 0"""
    X = np.array([[0.0, 0.0], [1.0, -2.0], [0.5, 1.0]])
    y = np.array([0, 1, 2])
    W1 = np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]])
    W2 = np.array([[1.0, -1.0, 0.0], [0.5, 0.5, -1.0], [-1.0, 2.0, 1.0]])
    return m.mlp_gradients(X, y, W1, np.zeros(3), W2, np.array([0.1, -0.2, 0.3]))


@_expected_from_model(hidden)
def integer_inputs_with_many_exact_zeros(m):
    """integer-valued X, W1, b1 so that many pre-activations are exactly 0"""
    rng = np.random.default_rng(1)
    X = rng.integers(-2, 3, size=(12, 4)).astype(float)
    W1 = rng.integers(-1, 2, size=(4, 6)).astype(float)
    b1 = rng.integers(-1, 2, size=6).astype(float)
    W2 = rng.normal(size=(6, 3))
    b2 = rng.normal(size=3)
    y = rng.integers(0, 3, size=12)
    return m.mlp_gradients(X, y, W1, b1, W2, b2)


@_expected_from_model(hidden)
def batch_of_one(m):
    return m.mlp_gradients(*_params(2, 1, 5, 4, 3))


@_expected_from_model(hidden)
def dead_hidden_unit(m):
    """unit 2 has a huge negative bias, so it is off for every sample"""
    X, y, W1, b1, W2, b2 = _params(3, 6, 3, 4, 2)
    b1 = b1.copy()
    b1[2] = -100.0
    return m.mlp_gradients(X, y, W1, b1, W2, b2)


@_expected_from_model(hidden)
def more_classes_than_hidden_units(m):
    """C=10 classes, H=3 hidden units"""
    return m.mlp_gradients(*_params(4, 8, 4, 3, 10))


@_expected_from_model(hidden)
def all_samples_share_a_label(m):
    X, _, W1, b1, W2, b2 = _params(5, 7, 3, 5, 4)
    return m.mlp_gradients(X, np.full(7, 2), W1, b1, W2, b2)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return all six inputs"""
    X, y, W1, b1, W2, b2 = _params(6, 5, 3, 4, 3)
    m.mlp_gradients(X, y, W1, b1, W2, b2)
    return {"X": X, "y": y, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


@_expected_from_model(hidden)
def larger_random(m):
    """N=64, D=20, H=32, C=10"""
    return m.mlp_gradients(*_params(7, 64, 20, 32, 10, scale=0.5))


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch

    for seed, shape in [(10, (6, 4, 5, 3)), (11, (1, 3, 2, 4)), (12, (32, 8, 16, 5))]:
        X, y, W1, b1, W2, b2 = _params(seed, *shape)
        params = [torch.tensor(p, requires_grad=True) for p in (W1, b1, W2, b2)]
        tW1, tb1, tW2, tb2 = params
        logits = torch.relu(torch.from_numpy(X) @ tW1 + tb1) @ tW2 + tb2
        torch.nn.functional.cross_entropy(logits, torch.from_numpy(y)).backward()
        got = solution.mlp_gradients(X, y, W1, b1, W2, b2)
        assert set(got) == {"W1", "b1", "W2", "b2"}
        for name, p in zip(("W1", "b1", "W2", "b2"), params, strict=True):
            np.testing.assert_allclose(got[name], p.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_matches_central_differences(solution):
    X, y, W1, b1, W2, b2 = _params(13, 5, 3, 4, 3)

    def loss(W1, b1, W2, b2):
        logits = np.maximum(X @ W1 + b1, 0) @ W2 + b2
        logits = logits - logits.max(axis=1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return -logp[np.arange(len(y)), y].mean()

    params = [W1, b1, W2, b2]
    got = solution.mlp_gradients(X, y, *params)
    for i, name in enumerate(("W1", "b1", "W2", "b2")):
        numeric = np.zeros_like(params[i])
        for idx in np.ndindex(params[i].shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[i][idx] += 1e-6
            minus[i][idx] -= 1e-6
            numeric[idx] = (loss(*plus) - loss(*minus)) / 2e-6
        np.testing.assert_allclose(got[name], numeric, rtol=1e-5, atol=1e-8)
