from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _tanh_descent(X, y, lr=0.1, n_iters=1000):
    """Independent model: the gradient written as X^T (p - y) / n with p = (1 + tanh(z / 2)) / 2 (finite for any z)."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iters):
        r = 0.5 * (1 + np.tanh(0.5 * (X @ w + b))) - y
        w, b = w - lr * (X.T @ r) / len(y), b - lr * float(r.mean())
    return w, b


_MODEL = SimpleNamespace(fit_logistic_regression=_tanh_descent)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _blobs(seed, n, d, sep=1.0):
    """Two overlapping Gaussian classes with labels 0 and 1."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    X = rng.normal(size=(n, d)) + np.outer(2 * y - 1, rng.normal(size=d)) * sep + 0.5
    return X, y


@sample(expected=(np.array([0.05]), 0.0))
def one_step_from_zero(m):
    """X = [[1], [-1]], y = [1, 0], lr = 0.1, a single update"""
    return m.fit_logistic_regression(np.array([[1.0], [-1.0]]), np.array([1, 0]), lr=0.1, n_iters=1)


@sample(expected=(np.array([0.0, 0.0]), 0.0))
def zero_iterations(m):
    """n_iters = 0 returns the zero initialisation"""
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0]])
    return m.fit_logistic_regression(X, np.array([0, 1, 1]), lr=0.5, n_iters=0)


@_expected_from_model(sample)
def small_dataset_default_settings(m):
    """six 2-D points with overlapping classes, lr = 0.1, n_iters = 1000"""
    X = np.array([[0.5, 1.0], [1.0, 0.2], [2.0, 2.5], [2.5, 1.5], [1.5, 2.0], [0.2, 0.1]])
    y = np.array([0, 0, 1, 1, 0, 1])
    return m.fit_logistic_regression(X, y)


@_expected_from_model(hidden)
def three_steps(m):
    """exactly three updates: one too many or too few shows"""
    X, y = _blobs(1, 12, 3)
    return m.fit_logistic_regression(X, y, lr=0.3, n_iters=3)


@_expected_from_model(hidden)
def bias_uses_the_same_predictions(m):
    """a few big steps on shifted data, where updating w before computing grad_b changes b"""
    X, y = _blobs(2, 20, 2, sep=0.5)
    return m.fit_logistic_regression(X + 3.0, y, lr=0.8, n_iters=5)


@_expected_from_model(hidden)
def all_labels_one(m):
    """labels all 1: w and b keep growing in the positive direction"""
    X = np.random.default_rng(3).normal(size=(15, 2)) + 1.0
    return m.fit_logistic_regression(X, np.ones(15, dtype=int), lr=0.5, n_iters=200)


@_expected_from_model(hidden)
def large_logits_stay_finite(m):
    """separable data with features in the hundreds: |z| reaches about 1e4"""
    X = np.array([[300.0, -200.0], [250.0, -180.0], [-280.0, 220.0], [-310.0, 190.0]])
    return m.fit_logistic_regression(X, np.array([1, 1, 0, 0]), lr=1.0, n_iters=50)


@_expected_from_model(hidden)
def float_labels(m):
    X, y = _blobs(4, 30, 2)
    return m.fit_logistic_regression(X, y.astype(float), lr=0.2, n_iters=100)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """400 samples, 6 features, 300 steps"""
    X, y = _blobs(5, 400, 6, sep=0.7)
    return m.fit_logistic_regression(X, y, lr=0.5, n_iters=300)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _blobs(6, 10, 2)
    m.fit_logistic_regression(X, y, lr=0.1, n_iters=20)
    return X, y


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sgd(solution):
    import torch

    X, y = _blobs(0, 50, 3)
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.3)
    for _ in range(40):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(Xt @ w + b, yt).backward()
        opt.step()
    got_w, got_b = solution.fit_logistic_regression(X, y, lr=0.3, n_iters=40)
    np.testing.assert_allclose(got_w, w.detach().numpy(), rtol=1e-10)
    assert abs(got_b - b.item()) < 1e-10


def test_converges_to_sklearn_unregularised_fit(solution):
    from sklearn.linear_model import LogisticRegression

    X, y = _blobs(1, 200, 2, sep=0.4)
    ref = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    w, b = solution.fit_logistic_regression(X, y, lr=1.0, n_iters=20_000)
    np.testing.assert_allclose(w, ref.coef_[0], rtol=1e-3)
    assert abs(b - ref.intercept_[0]) < 1e-3
