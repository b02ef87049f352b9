from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _random(seed, n, d, n_classes):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d)
    score = X[:, 0] / X[:, 0].std() + X[:, d - 1] / X[:, d - 1].std() + rng.normal(size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    return X, y


def _forest(feature, threshold, left, right, in_bag):
    return {"feature": np.array(feature), "threshold": np.array(threshold, dtype=float),
            "left_label": np.array(left), "right_label": np.array(right), "in_bag": np.array(in_bag, dtype=bool)}


def _majority(labels):
    labels = [int(v) for v in labels]
    return min(set(labels), key=lambda v: (-labels.count(v), v))


def _candidate_stump(X, y):
    """Every (impurity, feature, threshold) candidate listed, then the minimum with ties to the lowest
    feature and threshold; written apart from the starter's fit_stump."""
    candidates = []
    for f in range(X.shape[1]):
        values = sorted(set(X[:, f].tolist()))
        for a, b in zip(values, values[1:], strict=False):
            t = (a + b) / 2
            left, right = y[X[:, f] <= t], y[X[:, f] > t]
            impurity = sum(len(s) * (1 - sum((list(s).count(c) / len(s)) ** 2 for c in set(s.tolist())))
                           for s in (left, right))
            candidates.append((impurity / len(y), f, t, _majority(left), _majority(right)))
    if not candidates:
        return -1, 0.0, _majority(y), _majority(y)
    best = min(c[0] for c in candidates)
    return min((c[1:] for c in candidates if c[0] - best <= 1e-12), key=lambda c: (c[0], c[1]))


def _model_fit(X, y, n_trees, max_features, rng):
    n, d = X.shape
    out = {"feature": [], "threshold": [], "left_label": [], "right_label": [], "in_bag": []}
    for _ in range(n_trees):
        rows = rng.integers(0, n, size=n)
        features = np.sort(rng.choice(d, size=max_features, replace=False))
        f, t, left, right = _candidate_stump(X[rows][:, features], y[rows])
        values = (-1 if f == -1 else int(features[f]), t, left, right, np.isin(np.arange(n), rows))
        for key, value in zip(out, values, strict=True):
            out[key].append(value)
    dtypes = {"threshold": float, "in_bag": bool}
    return {k: np.array(v, dtype=dtypes.get(k, np.int64)) for k, v in out.items()}


def _votes(forest, X, use):
    out = []
    for i, x in enumerate(X):
        labels = []
        for t, f in enumerate(forest["feature"]):
            if use(t, i):
                left = f == -1 or x[f] <= forest["threshold"][t]
                labels.append(int(forest["left_label"][t] if left else forest["right_label"][t]))
        out.append(_majority(labels) if labels else -1)
    return np.array(out, dtype=np.int64)


# Independent model for expected values: a candidate-list stump, the documented draws, vote counting by lists.
_MODEL = SimpleNamespace(fit_random_forest=_model_fit,
                         predict_random_forest=lambda forest, X: _votes(forest, X, lambda t, i: True),
                         oob_predict=lambda forest, X: _votes(forest, X, lambda t, i: not forest["in_bag"][t][i]))


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _everything(m, X, y, n_trees, max_features, seed, X_test=None):
    """The forest, its predictions, its out-of-bag predictions and the generator's next draw."""
    rng = np.random.default_rng(seed)
    forest = m.fit_random_forest(X, y, n_trees, max_features, rng)
    X_test = X if X_test is None else X_test
    return forest, m.predict_random_forest(forest, X_test), m.oob_predict(forest, X), int(rng.integers(1 << 30))


_EXAMPLE_X = np.array([[1.0, 8.0], [2.0, 6.0], [3.0, 7.0], [4.0, 1.0], [5.0, 3.0], [6.0, 2.0]])


@sample(expected=(
    _forest([0, 1, 0], [3.0, 4.5, 4.5], [0, 1, 1], [1, 0, 1],
            [[1, 1, 0, 1, 0, 1], [1, 1, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1]]),
    np.array([1, 1]), np.array([1, 1, 0, -1, 1, -1])))
def example_from_prompt(m):
    """six rows, 3 stumps, max_features = 1, rng = default_rng(0); predict two new rows and out of bag"""
    y = np.array([0, 0, 0, 1, 1, 1])
    forest = m.fit_random_forest(_EXAMPLE_X, y, 3, 1, np.random.default_rng(0))
    return forest, m.predict_random_forest(forest, np.array([[2.5, 1.5], [5.5, 7.5]])), m.oob_predict(forest, _EXAMPLE_X)


@_expected_from_model(sample)
def draws_in_the_documented_order(m):
    """10 rows, 3 features, 4 stumps with max_features = 2, rng = default_rng(7); also the rng's next draw"""
    X, y = _random(1, 10, 3, 2)
    return _everything(m, X, y, 4, 2, seed=7)


@sample(expected=np.array([7, 3, 3]))
def vote_tie_goes_to_smallest_label(m):
    """hand-built forest of 4 stumps (one constant): votes 7, 7, 7, 3, then two 2-2 ties between 7 and 3"""
    forest = _forest([0, 0, 1, -1], [0.0, 1.0, 0.0, 0.0], [7, 3, 7, 7], [3, 7, 3, 7], np.zeros((4, 3)))
    return m.predict_random_forest(forest, np.array([[-1.0, -1.0], [2.0, 5.0], [0.5, -1.0]]))


@hidden(expected=(np.array([5, 2, 2]), np.array([5, -1, 2, 2])))
def constant_stumps_and_oob_ties(m):
    """hand-built forest with a feature -1 stump; row 1 is never out of bag, row 2's out-of-bag vote ties"""
    forest = _forest([-1, 1, 0], [0.0, 2.0, 1.0], [5, 2, 5], [5, 5, 2],
                     [[0, 1, 0, 1], [0, 1, 1, 1], [1, 1, 0, 0]])
    X = np.array([[0.0, 3.0], [9.0, 0.0], [3.0, 1.0], [5.0, 5.0]])
    return m.predict_random_forest(forest, X[:3]), m.oob_predict(forest, X)


@_expected_from_model(hidden)
def max_features_equals_d_still_draws(m):
    """max_features = d = 2: the feature draw still happens, so later bootstrap samples depend on it"""
    X, y = _random(2, 12, 2, 2)
    return _everything(m, X, y, 5, 2, seed=3)


@_expected_from_model(hidden)
def feature_subset_constant_on_sample(m):
    """column 1 is constant: every stump that only sees it is a -1 stump predicting its majority label"""
    X, y = _random(3, 15, 2, 2)
    X[:, 1] = 4.0
    return _everything(m, X, np.array([6, 9])[y], 8, 1, seed=11)


@_expected_from_model(hidden)
def duplicated_columns_tie_to_lowest(m):
    """columns 0 and 3 are identical: when both are drawn the stump must report column 0"""
    X, y = _random(4, 14, 3, 2)
    X = np.column_stack([X, X[:, 0]])
    return _everything(m, X, y, 10, 3, seed=5)


@_expected_from_model(hidden)
def features_mapped_back_to_original_columns(m):
    """6 features, max_features = 2: the stump's column index must be translated through the subset"""
    X, y = _random(5, 20, 6, 3)
    return _everything(m, X, y, 8, 2, seed=13)


@_expected_from_model(hidden)
def many_rows_never_out_of_bag(m):
    """only 2 stumps on 8 rows: most rows are in at least one sample, some in both (-1)"""
    X, y = _random(6, 8, 2, 2)
    return _everything(m, X, y, 2, 1, seed=17)


@_expected_from_model(hidden)
def sparse_labels_three_classes(m):
    """labels 10, 20, 30; 30 rows, 4 features, 12 stumps, max_features = 3, with test rows"""
    X, y = _random(7, 30, 4, 3)
    X_test, _ = _random(8, 15, 4, 3)
    return _everything(m, X, np.array([30, 10, 20])[y], 12, 3, seed=19, X_test=X_test)


@_expected_from_model(hidden)
def larger_random_forest(m):
    """60 rows, 5 features, 15 stumps, max_features = 2, 40 test rows"""
    X, y = _random(9, 60, 5, 2)
    X_test, _ = _random(10, 40, 5, 2)
    return _everything(m, X, y, 15, 2, seed=23, X_test=X_test)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _random(11, 10, 3, 2)
    _everything(m, X, y, 3, 2, seed=29)
    return X, y


# Independent checks of the reference itself (plain pytest only).
def test_against_explicit_loops_and_sklearn_stumps(solution):
    from sklearn.tree import DecisionTreeClassifier

    X, y = _random(9, 60, 5, 2)
    forest = solution.fit_random_forest(X, y, 15, 2, np.random.default_rng(23))
    rng = np.random.default_rng(23)
    votes = []
    for t in range(15):
        rows = rng.integers(0, 60, size=60)
        features = np.sort(rng.choice(5, size=2, replace=False))
        assert set(np.flatnonzero(forest["in_bag"][t])) == set(rows.tolist())
        stump = DecisionTreeClassifier(max_depth=1).fit(X[rows][:, features], y[rows]).tree_
        assert forest["feature"][t] == features[stump.feature[0]]
        assert abs(forest["threshold"][t] - stump.threshold[0]) < 1e-6
        votes.append(np.where(X[:, features[stump.feature[0]]] <= forest["threshold"][t],
                              forest["left_label"][t], forest["right_label"][t]))
    votes = np.array(votes)
    oob = solution.oob_predict(forest, X)
    for i in range(60):
        mine = [v for v, bag in zip(votes[:, i], forest["in_bag"][:, i], strict=True) if not bag]
        if not mine:
            assert oob[i] == -1
        else:
            counts = {label: mine.count(label) for label in set(mine)}
            assert oob[i] == min(label for label in counts if counts[label] == max(counts.values()))
    all_votes = [list(votes[:, i]) for i in range(60)]
    expected = [min(set(v), key=lambda label: (-v.count(label), label)) for v in all_votes]
    np.testing.assert_array_equal(solution.predict_random_forest(forest, X), expected)
