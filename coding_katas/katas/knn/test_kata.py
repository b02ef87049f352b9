from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _vote_loop(X_train, y_train, X_test, k):
    """Independent model: lexsort on (squared distance, index), then counts with the smallest label on ties."""
    out = []
    for q in X_test:
        order = np.lexsort((np.arange(len(X_train)), ((X_train - q) ** 2).sum(axis=1)))[:k]
        votes = [int(y_train[i]) for i in order]
        out.append(min(set(votes), key=lambda lab: (-votes.count(lab), lab)))
    return np.array(out, dtype=np.int64)


_MODEL = SimpleNamespace(knn_predict=_vote_loop)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _random(seed, n, m, d, n_labels):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(n_labels, d)) * 2
    y = rng.integers(0, n_labels, size=n)
    X_train = centers[y] + rng.normal(size=(n, d))
    X_test = centers[rng.integers(0, n_labels, size=m)] + rng.normal(size=(m, d)) * 1.5
    return X_train, y, X_test


@sample(expected=np.array([7, 2]))
def example_from_prompt(m):
    """five 1-D training points labelled [7, 7, 2, 2, 2]; queries 1.5 and 3.4; k = 3"""
    X_train = np.array([[0.0], [1.0], [3.0], [4.0], [10.0]])
    y_train = np.array([7, 7, 2, 2, 2])
    return m.knn_predict(X_train, y_train, np.array([[1.5], [3.4]]), 3)


@sample(expected=np.array([2]))
def vote_tie_goes_to_smallest_label(m):
    """k = 2, the nearest neighbour has label 5, the second label 2: one vote each, 2 wins"""
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    y_train = np.array([5, 2, 5])
    return m.knn_predict(X_train, y_train, np.array([[0.2, 0.0]]), 2)


@sample(expected=np.array([4, 4]))
def distance_tie_goes_to_lower_index(m):
    """k = 1, the query sits halfway between training points 1 (label 4) and 2 (label 0)"""
    X_train = np.array([[9.0, 9.0], [0.0, 0.0], [2.0, 0.0]])
    y_train = np.array([1, 4, 0])
    X_test = np.array([[1.0, 0.0], [1.0, 5.0]])
    return m.knn_predict(X_train, y_train, X_test, 1)


@_expected_from_model(hidden)
def distance_tie_at_the_kth_place(m):
    """k = 3: training points 0, 4 and 5 tie for third place; index 0 (label 8) joins and label 8 wins"""
    X_train = np.array([[0.0, 3.0], [1.0, 0.0], [9.0, 9.0], [0.0, 1.0], [-3.0, 0.0], [0.0, -3.0]])
    y_train = np.array([8, 1, 3, 8, 1, 1])
    return m.knn_predict(X_train, y_train, np.array([[0.0, 0.0]]), 3)


@_expected_from_model(hidden)
def three_way_vote_tie(m):
    """k = 3 among labels 9, 6, 3: one vote each for the first two queries, so 3 wins though it ranks last"""
    X_train = np.array([[0.0], [1.0], [2.0], [3.0]])
    y_train = np.array([9, 6, 3, 3])
    X_test = np.array([[0.1], [0.9], [2.4]])
    return m.knn_predict(X_train, y_train, X_test, 3)


@_expected_from_model(hidden)
def k_equals_one(m):
    X_train, y, X_test = _random(1, 40, 15, 3, 4)
    return m.knn_predict(X_train, y, X_test, 1)


@_expected_from_model(hidden)
def k_equals_n(m):
    """every training point votes: labels 3 and 1 each hold 3 of 8 points, so 1 wins everywhere"""
    rng = np.random.default_rng(2)
    X_train = rng.normal(size=(8, 2))
    y_train = np.array([3, 1, 3, 0, 1, 3, 1, 0])
    return m.knn_predict(X_train, y_train, rng.normal(size=(4, 2)), 8)


@_expected_from_model(hidden)
def query_equals_a_training_point(m):
    X_train = np.array([[1.0, 1.0], [2.0, 2.0], [1.0, 1.0], [5.0, 5.0]])
    y_train = np.array([6, 2, 0, 2])
    return m.knn_predict(X_train, y_train, np.array([[1.0, 1.0], [2.0, 2.0]]), 2)


@_expected_from_model(hidden)
def sparse_label_values(m):
    """labels 10, 40 and 1000 (not 0 .. C-1)"""
    X_train, y, X_test = _random(3, 30, 10, 2, 3)
    return m.knn_predict(X_train, np.array([10, 40, 1000])[y], X_test, 5)


@_expected_from_model(hidden)
def even_k_with_integer_grid(m):
    """integer coordinates, many exact distance ties, k = 4"""
    rng = np.random.default_rng(4)
    X_train = rng.integers(0, 4, size=(30, 2)).astype(float)
    y_train = rng.integers(0, 3, size=30)
    X_test = rng.integers(0, 4, size=(20, 2)).astype(float)
    return m.knn_predict(X_train, y_train, X_test, 4)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """500 training points, 200 queries, 6 features, 5 labels, k = 7"""
    X_train, y, X_test = _random(5, 500, 200, 6, 5)
    return m.knn_predict(X_train, y, X_test, 7)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X_train, y, X_test = _random(6, 12, 4, 2, 2)
    m.knn_predict(X_train, y, X_test, 3)
    return X_train, y, X_test


# Independent checks of the reference itself (plain pytest only).
def test_matches_brute_force_loop(solution):
    X_train, y, X_test = _random(0, 60, 25, 2, 4)
    X_train, X_test = np.round(X_train), np.round(X_test)  # many exact ties
    for k in (1, 4, 7):
        expected = []
        for q in X_test:
            order = sorted(range(len(X_train)), key=lambda i: (float(np.sum((X_train[i] - q) ** 2)), i))[:k]
            votes = [int(y[i]) for i in order]
            expected.append(min(set(votes), key=lambda lab: (-votes.count(lab), lab)))
        np.testing.assert_array_equal(solution.knn_predict(X_train, y, X_test, k), expected)


def test_matches_sklearn_without_ties(solution):
    from sklearn.neighbors import KNeighborsClassifier

    X_train, y, X_test = _random(1, 100, 40, 3, 3)
    ref = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(X_train, y).predict(X_test)
    np.testing.assert_array_equal(solution.knn_predict(X_train, y, X_test, 5), ref)
