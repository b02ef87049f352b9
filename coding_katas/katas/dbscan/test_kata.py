from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _components_dbscan(X, eps, min_samples):
    """Independent model: a full distance matrix, core points joined by union-find, components numbered by
    their lowest core index, each border point given the smallest id among its core neighbours."""
    near = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)) <= eps
    core = near.sum(axis=1) >= min_samples
    parent = list(range(len(X)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in np.flatnonzero(core):
        for j in np.flatnonzero(near[i] & core):
            parent[max(root(i), root(j))] = min(root(i), root(j))
    ids = {}
    for i in np.flatnonzero(core):
        ids.setdefault(root(i), len(ids))
    labels = np.full(len(X), -1, dtype=np.int64)
    for i in range(len(X)):
        if core[i]:
            labels[i] = ids[root(i)]
        else:
            reach = [ids[root(j)] for j in np.flatnonzero(near[i] & core)]
            labels[i] = min(reach) if reach else -1
    return labels


_MODEL = SimpleNamespace(dbscan=_components_dbscan)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _blobs_with_noise(seed, n_per_blob, n_blobs, n_noise, spread=0.6, box=12.0):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-box / 2, box / 2, size=(n_blobs, 2))
    points = [c + rng.normal(size=(n_per_blob, 2)) * spread for c in centres]
    points.append(rng.uniform(-box, box, size=(n_noise, 2)))
    X = np.concatenate(points)
    return X[rng.permutation(len(X))]


@sample(expected=np.array([0, 0, 0, 1, 1, 1, 1, -1]))
def example_from_prompt(m):
    """1-D points 0, 1, 2, 10, 11, 12, 13, 30 with eps = 1.5, min_samples = 3"""
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0], [13.0], [30.0]])
    return m.dbscan(X, 1.5, 3)


@sample(expected=np.array([0, 0, 0, 0, 0, 1, 1, 1, 1]))
def border_point_between_two_clusters(m):
    """point 0 (at 1.25) is a border point of both clusters, and is scanned before either core"""
    X = np.array([[1.25], [2.2], [2.3], [2.4], [2.5], [0.0], [0.1], [0.2], [0.3]])
    return m.dbscan(X, 1.0, 4)


@sample(expected=np.array([-1, -1, -1, -1]))
def everything_is_noise(m):
    """four points, min_samples = 5: no core point"""
    X = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 0.5], [0.5, 0.5]])
    return m.dbscan(X, 10.0, 5)


@hidden(expected=np.array([0, 0, 0, -1, 1, 1, 1]))
def distance_exactly_eps_counts(m):
    """integer points 1 apart with eps = 1: without the inclusive <= nothing is a neighbour"""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [5.0, 5.0], [5.0, 6.0], [5.0, 7.0]])
    return m.dbscan(X, 1.0, 3)


@hidden(expected=np.array([-1, 0, -1, 0, 0, 0, -1, 0, -1, -1]))
def grid_spacing_equals_eps(m):
    """3 x 3 integer grid, eps = 1, min_samples = 5: only the centre is core, edge midpoints border, corners noise"""
    X = np.array([[x, y] for x in (0.0, 1.0, 2.0) for y in (0.0, 1.0, 2.0)] + [[4.0, 4.0]])
    return m.dbscan(X, 1.0, 5)


@hidden(expected=np.array([0, 1, 0, 2, 1]))
def min_samples_one_makes_every_point_core(m):
    """min_samples = 1: isolated points become their own clusters"""
    X = np.array([[0.0], [10.0], [0.5], [20.0], [10.4]])
    return m.dbscan(X, 1.0, 1)


@hidden(expected=np.array([0, 0, 1, 1, -1]))
def the_point_counts_itself(m):
    """min_samples = 2: a close pair is two core points only when each counts itself"""
    X = np.array([[0.0, 0.0], [0.0, 0.8], [5.0, 5.0], [5.6, 5.0], [9.0, 0.0]])
    return m.dbscan(X, 1.0, 2)


@hidden(expected=np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0]))
def no_chaining_through_border_points(m):
    """two dense groups on a line, joined only by the non-core point 1.35 (index 10): still two clusters"""
    x = np.array([0.0, 0.1, 0.2, 0.3, 0.4, 2.3, 2.4, 2.5, 2.6, 2.7, 1.35])
    return m.dbscan(np.column_stack([x, np.zeros_like(x)]), 1.0, 5)


@hidden(expected=np.array([-1, 0, 1, 0, 1, 0, 1, 2, 2, 2]))
def ids_follow_the_lowest_core_index(m):
    """three interleaved clusters and a leading noise point: ids by first core point in index order"""
    X = np.array([[50.0], [0.0], [10.0], [0.3], [10.3], [0.6], [10.6], [20.0], [20.2], [20.4]])
    return m.dbscan(X, 0.5, 2)


@hidden(expected=np.array([0, 0, 0, -1, 1, 1, 0]))
def duplicated_points(m):
    """three copies of one point form a core; two copies of another with min_samples = 2 do too"""
    X = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [4.0, 4.0], [7.0, 7.0], [7.0, 7.0], [1.5, 1.0]])
    return m.dbscan(X, 0.7, 2)


@_expected_from_model(hidden)
def border_claimed_by_first_cluster_in_2d(m):
    """two vertical bars of core points; two border points between them come first in index order"""
    ys = np.arange(11) * 0.2
    bar = np.array([[x, y] for y in ys for x in (0.0, 0.1)])
    middle = np.array([[0.55, 0.3], [0.55, 1.3]])
    X = np.concatenate([middle, bar + [1.0, 0.0], bar])
    return m.dbscan(X, 0.5, 6)


@_expected_from_model(hidden)
def random_blobs_with_noise(m):
    """4 blobs of 40 points plus 40 uniform noise points, shuffled; eps = 0.5, min_samples = 5"""
    return m.dbscan(_blobs_with_noise(1, 40, 4, 40), 0.5, 5)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """6 blobs of 60 points plus 90 noise points in 2-D; eps = 0.45, min_samples = 6"""
    return m.dbscan(_blobs_with_noise(2, 60, 6, 90, box=16.0), 0.45, 6)


@_expected_from_model(hidden)
def input_is_not_modified(m):
    X = _blobs_with_noise(3, 10, 2, 5)
    before = X.copy()
    m.dbscan(X, 0.6, 3)
    return bool(np.array_equal(X, before))


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.cluster import DBSCAN

    cases = [(_blobs_with_noise(1, 40, 4, 40), 0.5, 5), (_blobs_with_noise(2, 60, 6, 90, box=16.0), 0.45, 6),
             (_blobs_with_noise(4, 30, 3, 60, spread=1.0), 0.8, 4), (_blobs_with_noise(5, 25, 5, 20), 0.3, 1)]
    for X, eps, min_samples in cases:
        expected = DBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_
        np.testing.assert_array_equal(solution.dbscan(X, eps, min_samples), expected)


def test_random_scenarios_have_border_conflicts_or_noise(solution):
    """The random scenarios exercise noise and border points, not only clean blobs."""
    X = _blobs_with_noise(2, 60, 6, 90, box=16.0)
    labels = solution.dbscan(X, 0.45, 6)
    assert (labels == -1).sum() > 10 and labels.max() >= 5
