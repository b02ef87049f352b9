from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _lloyd(X, init_centroids, n_iters=100):
    """Independent model: the prompt's loop point by point; ties by min over (distance, index)."""
    C = np.array(init_centroids, dtype=float)
    previous = None
    for it in range(n_iters):
        labels = np.array([min(range(len(C)), key=lambda j: (float(((x - C[j]) ** 2).sum()), j)) for x in X])
        if it > 0 and np.array_equal(labels, previous):
            break
        for j in range(len(C)):
            if (labels == j).any():
                C[j] = X[labels == j].mean(axis=0)
        previous = labels
    return C, labels


_MODEL = SimpleNamespace(kmeans=_lloyd)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _blobs(seed, per_cluster, centers, spread=1.0):
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    X = np.concatenate([c + rng.normal(size=(per_cluster, centers.shape[1])) * spread for c in centers])
    return X[rng.permutation(len(X))]


@sample(expected=(np.array([[0.5, 0.0], [10.5, 0.0]]), np.array([0, 0, 1, 1])))
def example_from_prompt(m):
    """four points on a line, centroids starting at the first two points"""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [11.0, 0.0]])
    return m.kmeans(X, np.array([[0.0, 0.0], [1.0, 0.0]]))


@sample(expected=(np.array([[0.0, 1.0], [5.0, 1.0]]), np.array([0, 0, 0, 1, 1])))
def tie_goes_to_lowest_index(m):
    """the point (2, 1) is exactly 4 away (squared) from both initial centroids (0, 1) and (4, 1)"""
    X = np.array([[-1.0, 0.0], [-1.0, 2.0], [2.0, 1.0], [5.0, 0.0], [5.0, 2.0]])
    return m.kmeans(X, np.array([[0.0, 1.0], [4.0, 1.0]]))


@sample(expected=(np.array([[1.0, 1.0], [100.0, 100.0]]), np.array([0, 0, 0])))
def empty_cluster_keeps_its_position(m):
    """the second centroid starts far from every point and never gets one"""
    X = np.array([[0.0, 0.0], [2.0, 2.0], [1.0, 1.0]])
    return m.kmeans(X, np.array([[0.0, 0.0], [100.0, 100.0]]))


@_expected_from_model(hidden)
def ties_in_later_iterations(m):
    """integer data with exact ties between three centroids, run to convergence"""
    X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [6.0, 0.0], [8.0, 0.0], [1.0, 0.0], [7.0, 0.0]])
    return m.kmeans(X, np.array([[1.0, 0.0], [3.0, 0.0], [5.0, 0.0]]))


@_expected_from_model(hidden)
def tie_between_three_centroids(m):
    """the origin is equidistant to the centroids 2, 1 and 0 placed on a circle (listed in that order)"""
    X = np.array([[0.0, 0.0], [3.0, 4.0], [-5.0, 0.0], [0.0, -5.0], [3.1, 4.1]])
    init = np.array([[0.0, -5.0], [-5.0, 0.0], [3.0, 4.0]])
    return m.kmeans(X, init, n_iters=1)


@_expected_from_model(hidden)
def one_iteration_returns_its_labels(m):
    """n_iters = 1: labels of the only assignment, centroids updated from them (not reassigned)"""
    X = np.array([[0.0], [1.0], [2.0], [6.0], [7.0], [9.0]])
    return m.kmeans(X, np.array([[0.0], [2.0]]), n_iters=1)


@_expected_from_model(hidden)
def stops_at_iteration_budget(m):
    """n_iters = 2 on data that needs more: labels of the second assignment"""
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [20.0]])
    return m.kmeans(X, np.array([[0.0], [1.0]]), n_iters=2)


@_expected_from_model(hidden)
def cluster_empties_midway(m):
    """centroid 1 wins two points in the first iteration, loses both in the second and must stay put"""
    X = np.array([[3.0, 0.0], [1.0, 2.0], [3.0, 7.0], [5.0, 0.0], [6.0, 7.0], [2.0, 2.0]])
    return m.kmeans(X, np.array([[0.0, 0.0], [4.0, 4.0], [1.0, 7.0]]))


@_expected_from_model(hidden)
def single_cluster(m):
    X = _blobs(1, 20, [[3.0, -2.0]])
    return m.kmeans(X, np.array([[0.0, 0.0]]))


@_expected_from_model(hidden)
def duplicate_points(m):
    X = np.array([[1.0, 1.0]] * 4 + [[5.0, 5.0]] * 3 + [[1.0, 1.0]])
    return m.kmeans(X, np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 5.0]]))


@_expected_from_model(hidden)
def labels_are_integers(m):
    """the labels' dtype kind ('i' or 'u') and values"""
    X = _blobs(2, 5, [[0.0, 0.0], [8.0, 8.0]])
    _, labels = m.kmeans(X, X[:2].copy())
    labels = np.asarray(labels)
    return labels.dtype.kind in "iu", labels.astype(np.int64)


@_expected_from_model(hidden)
def random_blobs(m):
    """600 points in 3-D around 4 centres, started from 4 data points"""
    X = _blobs(3, 150, [[0, 0, 0], [6, 0, 0], [0, 6, 0], [3, 3, 6]], spread=1.5)
    return m.kmeans(X, X[[0, 1, 2, 3]].copy())


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X = np.array([[0.0, 0.0], [1.0, 1.0], [9.0, 9.0], [10.0, 10.0]])
    init = np.array([[0.0, 0.0], [1.0, 1.0]])
    m.kmeans(X, init)
    return X, init


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn_lloyd(solution):
    from sklearn.cluster import KMeans

    X = _blobs(0, 60, [[0, 0], [5, 5], [0, 6]], spread=1.2)
    init = X[[0, 1, 2]].copy()
    ref = KMeans(n_clusters=3, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
    centroids, labels = solution.kmeans(X, init, n_iters=300)
    np.testing.assert_allclose(centroids, ref.cluster_centers_, rtol=1e-10)
    np.testing.assert_array_equal(labels, ref.labels_)


def test_matches_a_plain_loop(solution):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    init = np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]])
    cents, prev = [list(c) for c in init], None
    for _ in range(100):
        labs = [min(range(3), key=lambda j: sum((a - b) ** 2 for a, b in zip(x, cents[j], strict=True))) for x in X]
        if labs == prev:
            break
        prev = labs
        for j in range(3):
            pts = [x for x, lab in zip(X, labs, strict=True) if lab == j]
            if pts:
                cents[j] = list(np.mean(pts, axis=0))
    centroids, labels = solution.kmeans(X, init)
    np.testing.assert_allclose(centroids, cents, rtol=1e-12)
    assert list(labels) == prev
