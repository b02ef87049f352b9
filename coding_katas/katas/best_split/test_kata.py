from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _candidate_list(X, y):
    """Independent model: every (impurity, feature, threshold) listed with Python counts, then the minimum
    with ties (within 1e-12) to the lowest feature and threshold."""
    candidates = []
    for f in range(X.shape[1]):
        values = sorted(set(X[:, f].tolist()))
        for a, b in zip(values, values[1:], strict=False):
            t = (a + b) / 2
            impurity = 0.0
            for side in (y[X[:, f] <= t].tolist(), y[X[:, f] > t].tolist()):
                impurity += len(side) / len(y) * (1 - sum((side.count(c) / len(side)) ** 2 for c in set(side)))
            candidates.append((impurity, f, t))
    if not candidates:
        return -1, 0.0
    best = min(c[0] for c in candidates)
    return min((f, t) for impurity, f, t in candidates if impurity - best <= 1e-12)


_MODEL = SimpleNamespace(best_split=_candidate_list)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _random(seed, n, d, n_classes, decimals=None):
    """Labels that depend noisily on a couple of features; optional rounding creates repeated values."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 5.0, size=d)
    score = X[:, 0] / X[:, 0].std() - X[:, d - 1] / X[:, d - 1].std() + rng.normal(size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    if decimals is not None:
        X = np.round(X, decimals)
    return X, y


@sample(expected=(0, 2.5))
def example_from_prompt(m):
    """two features; feature 0 separates the classes at 2.5"""
    X = np.array([[2.0, 1.0], [3.0, 5.0], [1.0, 4.0], [4.0, 2.0]])
    return m.best_split(X, np.array([0, 1, 0, 1]))


@sample(expected=(0, 1.5))
def threshold_tie_goes_to_lowest(m):
    """one feature [3, 1, 4, 2] with labels [1, 0, 0, 1]: thresholds 1.5 and 3.5 tie at impurity 1/3"""
    X = np.array([[3.0], [1.0], [4.0], [2.0]])
    return m.best_split(X, np.array([1, 0, 0, 1]))


@sample(expected=(-1, 0.0))
def every_feature_constant(m):
    """three rows, two constant features: no candidate threshold"""
    X = np.array([[1.0, -2.0], [1.0, -2.0], [1.0, -2.0]])
    return m.best_split(X, np.array([0, 1, 0]))


@hidden(expected=(1, 2.5))
def feature_tie_goes_to_lowest_index(m):
    """features 1 and 2 both separate the classes perfectly; feature 0 does not"""
    a = np.array([1.0, 4.0, 2.0, 3.0, 5.0])
    X = np.column_stack([[5.0, 1.0, 2.0, 4.0, 3.0], a, 3 * a - 10.0])
    return m.best_split(X, np.array([0, 1, 0, 1, 1]))


@hidden(expected=(0, 0.0))
def pure_labels_still_split(m):
    """every label is 2: all splits have impurity 0, the first threshold of feature 0 is returned"""
    X = np.array([[1.0, 7.0], [-1.0, 8.0], [3.0, 9.0]])
    return m.best_split(X, np.array([2, 2, 2]))


@hidden(expected=(1, 1.5))
def split_that_does_not_help(m):
    """feature 0 constant; feature 1's only split keeps the Gini impurity at the parent's 0.5"""
    X = np.array([[4.0, 1.0], [4.0, 2.0], [4.0, 1.0], [4.0, 2.0]])
    return m.best_split(X, np.array([0, 0, 1, 1]))


@hidden(expected=(0, 1.5))
def no_threshold_between_equal_values(m):
    """values [1, 1, 1, 2, 2, 5, 5]: cutting between two 1s would look pure but is not a real split"""
    X = np.array([[1.0], [1.0], [1.0], [2.0], [2.0], [5.0], [5.0]])
    return m.best_split(X, np.array([0, 0, 1, 1, 1, 1, 1]))


@hidden(expected=(-1, 0.0))
def single_row(m):
    return m.best_split(np.array([[3.0, 4.0, 5.0]]), np.array([1]))


@_expected_from_model(hidden)
def unsorted_negative_values(m):
    X = np.array([[-0.5, 10.0], [-3.0, 30.0], [2.0, -5.0], [-1.5, 0.0], [0.25, 12.0], [-2.0, 4.0]])
    return m.best_split(X, np.array([1, 0, 1, 0, 1, 1]))


@_expected_from_model(hidden)
def three_classes(m):
    """40 rows, 3 features, labels 0, 1, 2"""
    X, y = _random(1, 40, 3, 3)
    return m.best_split(X, y)


@_expected_from_model(hidden)
def sparse_label_values(m):
    """labels 1, 5 and 9"""
    X, y = _random(2, 30, 4, 3)
    return m.best_split(X, np.array([1, 5, 9])[y])


@_expected_from_model(hidden)
def many_repeated_values(m):
    """120 rows, 5 features rounded to one decimal (many repeats), 4 classes"""
    X, y = _random(3, 120, 5, 4, decimals=1)
    return m.best_split(X, y)


@hidden(expected=(0, 5.5))
def uneven_children(m):
    """x = 1..10 shuffled: the size-weighted best is 5.5 (0.24); an unweighted average would cut off one row"""
    order = np.array([3, 7, 0, 9, 5, 1, 8, 2, 6, 4])
    x = np.arange(1.0, 11.0)[order]
    y = np.array([0, 0, 0, 0, 0, 1, 0, 1, 1, 0])[order]
    return m.best_split(x[:, None], y)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X = np.array([[3.0, 1.0], [1.0, 2.0], [2.0, 0.0]])
    y = np.array([1, 0, 1])
    m.best_split(X, y)
    return X, y


# Independent checks of the reference itself (plain pytest only).
def _brute_force(X, y):
    """Every (impurity, feature, threshold) candidate, by explicit masks."""
    out = []
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            impurity = 0.0
            for side in (y[X[:, f] <= t], y[X[:, f] > t]):
                _, counts = np.unique(side, return_counts=True)
                impurity += len(side) / len(y) * (1 - np.sum((counts / len(side)) ** 2))
            out.append((impurity, f, float(t)))
    return sorted(out)


def test_matches_brute_force(solution):
    cases = [_random(1, 40, 3, 3), _random(3, 120, 5, 4, decimals=1), _random(4, 60, 3, 2), _random(9, 25, 2, 2, 0)]
    for X, y in cases:
        candidates = _brute_force(X, y)
        best = candidates[0][0]
        # Among the (near-)minimal candidates: the lowest feature, then the lowest threshold.
        expected = min((f, t) for impurity, f, t in candidates if impurity - best <= 1e-9)
        np.testing.assert_allclose(solution.best_split(X, y), expected, rtol=1e-12)


def test_random_scenarios_have_a_unique_optimum(solution):
    """So any correct implementation, whatever its rounding, agrees with the reference on them."""
    for X, y in [_random(1, 40, 3, 3), _random(2, 30, 4, 3), _random(3, 120, 5, 4, decimals=1)]:
        candidates = _brute_force(X, y)
        assert candidates[1][0] - candidates[0][0] > 1e-6


def test_matches_sklearn_stump(solution):
    from sklearn.tree import DecisionTreeClassifier

    X, y = _random(5, 80, 4, 3)
    stump = DecisionTreeClassifier(max_depth=1, criterion="gini").fit(X, y)
    feature, threshold = solution.best_split(X, y)
    assert feature == stump.tree_.feature[0]
    assert abs(threshold - stump.tree_.threshold[0]) < 1e-6  # sklearn stores float32 thresholds
