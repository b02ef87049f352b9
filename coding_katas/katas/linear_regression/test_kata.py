from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _augmented_lstsq(X, y, l2=0.0):
    """Independent model: ridge as ordinary least squares on [X 1; sqrt(l2) I 0] against [y; 0]."""
    n, d = X.shape
    A = np.vstack([np.column_stack([X, np.ones(n)]), np.column_stack([np.sqrt(l2) * np.eye(d), np.zeros(d)])])
    sol = np.linalg.lstsq(A, np.concatenate([y, np.zeros(d)]), rcond=None)[0]
    return sol[:d], float(sol[d])


_MODEL = SimpleNamespace(fit_linear_regression=_augmented_lstsq)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _noisy(seed, n, d, offset=0.0, noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + offset
    y = X @ rng.normal(size=d) * 2 - 3.0 + rng.normal(size=n) * noise
    return X, y


@sample(expected=(np.array([1.0]), 0.0))
def example_without_penalty(m):
    """x = [0, 1, 2], y = x, l2 = 0"""
    return m.fit_linear_regression(np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0]))


@sample(expected=(np.array([0.5]), 0.5))
def example_with_penalty(m):
    """x = [0, 1, 2], y = x, l2 = 2: the penalty shrinks w but not b"""
    return m.fit_linear_regression(np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 2.0]), l2=2.0)


@sample(expected=(np.array([2.0, -1.0, 0.5]), 4.0))
def exact_plane_is_recovered(m):
    """y = 2 x0 - x1 + 0.5 x2 + 4 exactly, on 6 points, l2 = 0"""
    X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [2.0, 2.0, 1.0],
                  [3.0, -1.0, 0.0], [-1.0, 4.0, 3.0], [0.5, 0.5, -2.0]])
    return m.fit_linear_regression(X, X @ np.array([2.0, -1.0, 0.5]) + 4.0)


@_expected_from_model(hidden)
def noisy_least_squares(m):
    X, y = _noisy(1, 200, 5)
    return m.fit_linear_regression(X, y)


@_expected_from_model(hidden)
def ridge_far_from_origin(m):
    """features centred near 40 with l2 = 5: penalising the bias would distort everything"""
    X, y = _noisy(2, 60, 3, offset=40.0)
    return m.fit_linear_regression(X, y, l2=5.0)


@_expected_from_model(hidden)
def ridge_on_large_sample(m):
    """n = 500: an l2 scaled by n (mean-squared-error convention) shows up"""
    X, y = _noisy(3, 500, 4, noise=2.0)
    return m.fit_linear_regression(X, y, l2=30.0)


@_expected_from_model(hidden)
def huge_penalty_gives_the_mean(m):
    """l2 = 1e12: w is about 0 and b about mean(y)"""
    X, y = _noisy(4, 30, 2, offset=3.0)
    return m.fit_linear_regression(X, y, l2=1e12)


@_expected_from_model(hidden)
def duplicated_columns_with_ridge(m):
    """two identical columns: singular without the penalty, unique (equal weights) with it"""
    rng = np.random.default_rng(5)
    x = rng.normal(size=40)
    X = np.column_stack([x, x, rng.normal(size=40)])
    y = 3 * x - X[:, 2] + 1.0 + rng.normal(size=40) * 0.1
    return m.fit_linear_regression(X, y, l2=0.7)


@_expected_from_model(hidden)
def more_features_than_samples(m):
    X, y = _noisy(6, 8, 20)
    return m.fit_linear_regression(X, y, l2=1.5)


@_expected_from_model(hidden)
def shifting_y_only_shifts_b(m):
    """the same ridge fit twice, the second with y + 100: w must not change"""
    X, y = _noisy(7, 25, 3)
    return m.fit_linear_regression(X, y, l2=4.0), m.fit_linear_regression(X, y + 100.0, l2=4.0)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _noisy(8, 10, 2, offset=5.0)
    m.fit_linear_regression(X, y, l2=1.0)
    return X, y


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn_ridge(solution):
    from sklearn.linear_model import LinearRegression, Ridge

    X, y = _noisy(0, 100, 4, offset=2.0)
    for l2 in (0.5, 10.0):
        ref = Ridge(alpha=l2).fit(X, y)
        w, b = solution.fit_linear_regression(X, y, l2=l2)
        np.testing.assert_allclose(w, ref.coef_, rtol=1e-9)
        assert abs(b - ref.intercept_) < 1e-9
    ref = LinearRegression().fit(X, y)
    w, b = solution.fit_linear_regression(X, y)
    np.testing.assert_allclose(w, ref.coef_, rtol=1e-9)
    assert abs(b - ref.intercept_) < 1e-9


def test_gradient_of_objective_is_zero(solution):
    X, y = _noisy(1, 30, 3, offset=-4.0)
    w, b = solution.fit_linear_regression(X, y, l2=2.5)
    r = X @ w + b - y
    np.testing.assert_allclose(2 * X.T @ r + 2 * 2.5 * w, 0.0, atol=1e-8)
    assert abs(2 * r.sum()) < 1e-8
