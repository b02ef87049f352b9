from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _signed(components):
    """Flip each row so that its largest-magnitude entry is positive: the same for v and -v."""
    c = np.array(components, dtype=float)
    rows = np.arange(c.shape[0])
    return c * np.sign(c[rows, np.argmax(np.abs(c), axis=1)])[:, None]


def _projectors(components):
    """The outer product v v^T of each component (k, d, d): independent of the signs."""
    c = np.asarray(components, dtype=float)
    return np.einsum("ki,kj->kij", c, c)


def _svd_pca(X, k):
    """Independent model: the SVD of the centered data (right singular vectors, squared singular values)."""
    centered = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    return vt[:k], (s ** 2 / np.sum(s ** 2))[:k]


_MODEL = SimpleNamespace(pca=_svd_pca)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _data(seed, n, stds, offset=0.0):
    """n samples whose covariance has eigenvalues stds**2 along a random rotation."""
    rng = np.random.default_rng(seed)
    d = len(stds)
    rotation, _ = np.linalg.qr(rng.normal(size=(d, d)))
    z = rng.normal(size=(n, d)) * np.asarray(stds)
    return z @ rotation.T + offset


@sample(expected=(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.8, 0.2])))
def example_from_prompt(m):
    """four 2-D points around the mean (10, 5); components shown with their largest entry positive"""
    X = np.array([[12.0, 5.0], [10.0, 6.0], [8.0, 5.0], [10.0, 4.0]])
    components, ratio = m.pca(X, 2)
    return _signed(components), ratio


@sample(expected=(np.array([[0.6, 0.8]]), np.array([10 / 11])))
def one_diagonal_component(m):
    """points spread along (3, 4)/5 with a little spread across it, shifted by (1, 2); k = 1"""
    t = np.array([-2.0, -1.0, 1.0, 2.0])
    s = np.array([0.5, -0.5, -0.5, 0.5])
    X = np.outer(t, [3.0, 4.0]) + np.outer(s, [-4.0, 3.0]) + np.array([1.0, 2.0])
    components, ratio = m.pca(X, 1)
    return _signed(components), ratio


@sample(expected=(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([18 / 28, 8 / 28])))
def ratio_uses_total_variance(m):
    """3-D points with variances in the ratio 18 : 8 : 2; k = 2, so the ratios sum to 26/28"""
    X = np.array([[3.0, 0, 0], [-3.0, 0, 0], [0, 2.0, 0], [0, -2.0, 0], [0, 0, 1.0], [0, 0, -1.0]])
    components, ratio = m.pca(X, 2)
    return _signed(components), ratio


@_expected_from_model(hidden)
def rotated_3d_keep_two(m):
    X = _data(1, 200, [4.0, 2.0, 0.5])
    components, ratio = m.pca(X, 2)
    return _projectors(components), ratio


@_expected_from_model(hidden)
def far_from_origin(m):
    """data centred around (50, -30, 80, 20): without centering the first axis points at the mean"""
    X = _data(2, 150, [3.0, 1.5, 1.0, 0.2], offset=np.array([50.0, -30.0, 80.0, 20.0]))
    components, ratio = m.pca(X, 3)
    return _projectors(components), ratio


@_expected_from_model(hidden)
def keep_all_components(m):
    """k = d: the ratios sum to 1"""
    X = _data(3, 80, [2.0, 1.2, 0.7, 0.3, 0.1], offset=1.0)
    components, ratio = m.pca(X, 5)
    return _projectors(components), ratio


@_expected_from_model(hidden)
def more_features_than_samples(m):
    """n = 8 samples in d = 15 dimensions, k = 3; also returns components @ components.T"""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 15)) * np.linspace(3.0, 0.5, 15) + 2.0
    components, ratio = m.pca(X, 3)
    c = np.asarray(components, dtype=float)
    return _projectors(c), ratio, c @ c.T


@_expected_from_model(hidden)
def single_component(m):
    X = _data(5, 60, [1.0, 5.0, 2.0], offset=np.array([-4.0, 0.0, 9.0]))
    components, ratio = m.pca(X, 1)
    return _projectors(components), ratio


@_expected_from_model(hidden)
def large_random_dataset(m):
    """2,000 samples in 12 dimensions, k = 4"""
    X = _data(6, 2000, np.linspace(6.0, 0.5, 12), offset=np.arange(12.0))
    components, ratio = m.pca(X, 4)
    return _projectors(components), ratio


@_expected_from_model(hidden)
def input_is_not_modified(m):
    X = np.array([[1.0, 2.0], [3.0, 7.0], [5.0, 5.0], [0.0, -1.0]])
    m.pca(X, 1)
    return X


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn_pca(solution):
    from sklearn.decomposition import PCA

    X = _data(0, 300, [3.0, 2.0, 1.0, 0.5, 0.25], offset=7.0)
    components, ratio = solution.pca(X, 3)
    ref = PCA(n_components=3).fit(X)
    np.testing.assert_allclose(_projectors(components), _projectors(ref.components_), atol=1e-10)
    np.testing.assert_allclose(ratio, ref.explained_variance_ratio_, rtol=1e-10)


def test_matches_covariance_eigendecomposition(solution):
    X = _data(1, 100, [2.0, 1.0, 0.5], offset=-3.0)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    components, ratio = solution.pca(X, 3)
    np.testing.assert_allclose(_signed(components), _signed(vectors[:, ::-1].T), atol=1e-10)
    np.testing.assert_allclose(ratio, values[::-1] / values.sum(), rtol=1e-10)
    np.testing.assert_allclose(components @ components.T, np.eye(3), atol=1e-12)
