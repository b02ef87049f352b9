from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _scipy_fit(X, y, var_smoothing=1e-9):
    """Independent model: class by class with np.var (biased) and the prompt's epsilon."""
    classes = np.unique(y)
    eps = var_smoothing * X.var(axis=0).max()
    rows = [X[y == c] for c in classes]
    return (classes, np.array([len(r) / len(y) for r in rows]), np.array([r.mean(axis=0) for r in rows]),
            np.array([r.var(axis=0) + eps for r in rows]))


def _scipy_predict(model, X):
    """Log joint as log prior plus per-feature normal log densities, normalised with scipy.special.logsumexp;
    argmax takes the first (smallest) label on exact ties."""
    from scipy.special import logsumexp

    classes, priors, means, variances = model
    joint = np.stack([np.log(priors[c]) - 0.5 * (np.log(2 * np.pi * variances[c])
                                                 + (X - means[c]) ** 2 / variances[c]).sum(axis=1)
                      for c in range(len(classes))], axis=1)
    post = joint - logsumexp(joint, axis=1, keepdims=True)
    return classes[np.argmax(post, axis=1)], post


_MODEL = SimpleNamespace(fit_gaussian_nb=_scipy_fit, predict_gaussian_nb=_scipy_predict)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _blobs(seed, n, d, n_classes, labels=None):
    """Gaussian classes with different centres, spreads and sizes."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_classes, d)) * 3
    scales = rng.uniform(0.5, 2.5, size=(n_classes, d))
    y = rng.choice(n_classes, size=n, p=np.arange(1, n_classes + 1) / np.arange(1, n_classes + 1).sum())
    y[:n_classes] = np.arange(n_classes)  # every class present
    X = centres[y] + rng.normal(size=(n, d)) * scales[y]
    if labels is not None:
        y = np.asarray(labels)[y]
    return X, y


def _fit_predict(m, X, y, X_test, var_smoothing=1e-9):
    model = m.fit_gaussian_nb(X, y, var_smoothing=var_smoothing)
    return model, m.predict_gaussian_nb(model, X_test)


_EXAMPLE_LOG_POST = np.array(
    [[-5.529315054201146e-04, -7.500552877118498],
     [-np.log(2), -np.log(2)],
     [-27.499999801, -1.1395329124802e-12]]
)


@sample(expected=((np.array([0, 1]), np.array([0.5, 0.5]), np.array([[2.0], [7.0]]),
                   np.array([[1.00000000725], [1.00000000725]])),
                  (np.array([0, 0, 1]), _EXAMPLE_LOG_POST)),
        comparator={"kind": "allclose", "rtol": 1e-7, "atol": 1e-9})
def example_from_prompt(m):
    """X = [[1], [3], [6], [8]], y = [0, 0, 1, 1]; predict 3, 4.5 (a tie) and 10"""
    X = np.array([[1.0], [3.0], [6.0], [8.0]])
    return _fit_predict(m, X, np.array([0, 0, 1, 1]), np.array([[3.0], [4.5], [10.0]]))


@_expected_from_model(sample)
def unequal_priors(m):
    """class 5 has 3 rows and class 2 has 1 (a single-row class); two features, var_smoothing = 0.05"""
    X = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 0.0], [4.0, 4.0]])
    y = np.array([5, 5, 5, 2])
    return _fit_predict(m, X, y, np.array([[1.0, 1.0], [3.0, 3.0], [4.0, 4.0]]), var_smoothing=0.05)


@sample(expected=(np.array([3, 3, 7]), np.array([[-np.log(2), -np.log(2)], [-np.log(2), -np.log(2)],
                                                  [-16.00000011253517, -1.1253517471925912e-07]])))
def posterior_tie_goes_to_smallest_label(m):
    """classes 7 and 3 with equal spread, means (0, 10) and (4, 10), var_smoothing = 0: first two points are exact ties"""
    X = np.array([[-1.0, 9.0], [1.0, 11.0], [3.0, 9.0], [5.0, 11.0]])
    y = np.array([7, 7, 3, 3])
    X_test = np.array([[2.0, 10.0], [2.0, 9.0], [-2.0, 10.0]])
    return _fit_predict(m, X, y, X_test, var_smoothing=0.0)[1]


@_expected_from_model(hidden)
def smoothing_scaled_by_largest_variance(m):
    """feature 1 is constant within class 0 and feature 0 has variance ~1e4: the epsilon decides the fit"""
    X = np.array([[-100.0, 3.0], [0.0, 3.0], [100.0, 3.0], [50.0, 4.0], [-50.0, 6.0], [20.0, 5.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    return _fit_predict(m, X, y, np.array([[0.0, 3.0], [0.0, 3.001], [10.0, 5.0]]), var_smoothing=1e-6)


@_expected_from_model(hidden)
def biased_variance(m):
    """small classes, where dividing by n_c - 1 instead of n_c shows"""
    X = np.array([[1.0, 2.0], [2.0, 5.0], [4.0, 3.0], [7.0, 1.0], [8.0, 3.0]])
    y = np.array([1, 1, 1, 0, 0])
    return m.fit_gaussian_nb(X, y, var_smoothing=1e-3)


@_expected_from_model(hidden)
def single_row_class(m):
    """class 9 has one row: its variance is epsilon alone"""
    X = np.array([[0.0, 0.0], [2.0, 1.0], [1.0, 3.0], [10.0, 10.0]])
    y = np.array([1, 1, 1, 9])
    return _fit_predict(m, X, y, np.array([[10.0, 10.0], [9.99, 10.0], [5.0, 5.0]]), var_smoothing=1e-4)


@_expected_from_model(hidden)
def far_points_stay_finite(m):
    """test points thousands of standard deviations from every class: naive exp/sum gives 0/0"""
    X, y = _blobs(1, 30, 2, 3)
    X_test = np.array([[1e4, -1e4], [-5e3, 2e3], [300.0, 300.0]])
    return _fit_predict(m, X, y, X_test)


@_expected_from_model(hidden)
def three_classes_sparse_labels(m):
    """labels 4, 10 and 11 with unequal sizes, 3 features"""
    X, y = _blobs(2, 60, 3, 3, labels=[11, 4, 10])
    X_test, _ = _blobs(3, 25, 3, 3)
    return _fit_predict(m, X, y, X_test)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """400 rows, 6 features, 5 classes; 200 test points"""
    X, y = _blobs(4, 400, 6, 5)
    X_test, _ = _blobs(5, 200, 6, 5)
    return _fit_predict(m, X, y, X_test)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _blobs(6, 12, 2, 2)
    X_test = X[:4] + 0.5
    _fit_predict(m, X, y, X_test)
    return X, y, X_test


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.naive_bayes import GaussianNB

    for seed, var_smoothing in [(4, 1e-9), (2, 1e-3), (7, 0.1)]:
        X, y = _blobs(seed, 200, 4, 3, labels=[11, 4, 10])
        X_test, _ = _blobs(seed + 100, 50, 4, 3)
        ref = GaussianNB(var_smoothing=var_smoothing).fit(X, y)
        classes, priors, means, variances = model = solution.fit_gaussian_nb(X, y, var_smoothing)
        np.testing.assert_array_equal(classes, ref.classes_)
        np.testing.assert_allclose(priors, ref.class_prior_, rtol=1e-12)
        np.testing.assert_allclose(means, ref.theta_, rtol=1e-12)
        np.testing.assert_allclose(variances, ref.var_, rtol=1e-10)
        labels, log_post = solution.predict_gaussian_nb(model, X_test)
        np.testing.assert_array_equal(labels, ref.predict(X_test))
        np.testing.assert_allclose(log_post, ref.predict_log_proba(X_test), rtol=1e-9, atol=1e-9)


def test_against_scipy_densities(solution):
    from scipy.stats import norm

    X, y = _blobs(8, 40, 3, 2)
    x = np.array([[0.3, -1.0, 2.0]])
    model = solution.fit_gaussian_nb(X, y, 1e-2)
    classes, priors, means, variances = model
    joint = np.array([priors[c] * np.prod(norm.pdf(x[0], means[c], np.sqrt(variances[c]))) for c in range(2)])
    _, log_post = solution.predict_gaussian_nb(model, x)
    np.testing.assert_allclose(np.exp(log_post[0]), joint / joint.sum(), rtol=1e-10)
