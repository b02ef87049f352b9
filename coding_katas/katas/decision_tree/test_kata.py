from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _random(seed, n, d, n_classes, decimals=None):
    """Labels that depend noisily on a few features; optional rounding creates repeated values."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 4.0, size=d)
    score = X[:, 0] / X[:, 0].std() - np.abs(X[:, d - 1]) / X[:, d - 1].std() + 0.7 * rng.normal(size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    if decimals is not None:
        X = np.round(X, decimals)
    return X, y


def _fit_predict(m, X, y, X_test, **kwargs):
    tree = m.fit_tree(X, y, **kwargs)
    return tree, m.predict_tree(tree, X_test)


def _leaf(label):
    return {"label": label}


def _node(feature, threshold, left, right):
    return {"feature": feature, "threshold": threshold, "left": left, "right": right}


def _brute_tree(X, y, depth, max_depth, min_samples_split):
    """A literal, loop-based CART: every candidate by explicit masks."""
    labels, counts = np.unique(y, return_counts=True)
    leaf = {"label": int(labels[np.argmax(counts)])}
    if len(labels) == 1 or len(y) < min_samples_split or (max_depth is not None and depth >= max_depth):
        return leaf
    candidates = []
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            impurity = 0.0
            for side in (y[X[:, f] <= t], y[X[:, f] > t]):
                _, c = np.unique(side, return_counts=True)
                impurity += len(side) / len(y) * (1 - np.sum((c / len(side)) ** 2))
            candidates.append((impurity, f, float(t)))
    if not candidates:
        return leaf
    best = min(c[0] for c in candidates)
    f, t = min((f, t) for impurity, f, t in candidates if impurity - best <= 1e-9)
    mask = X[:, f] <= t
    return {"feature": f, "threshold": t,
            "left": _brute_tree(X[mask], y[mask], depth + 1, max_depth, min_samples_split),
            "right": _brute_tree(X[~mask], y[~mask], depth + 1, max_depth, min_samples_split)}


def _walk(tree, X):
    out = []
    for x in X:
        node = tree
        while "label" not in node:
            node = node["left"] if x[node["feature"]] <= node["threshold"] else node["right"]
        out.append(node["label"])
    return np.array(out, dtype=np.int64)


# Independent model for expected values: the loop-based CART below and a row-by-row walk.
def _model_fit(X, y, max_depth=None, min_samples_split=2):
    return _brute_tree(X, y, 0, max_depth, min_samples_split)


_MODEL = SimpleNamespace(fit_tree=_model_fit, predict_tree=_walk)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=(_node(0, 2.5, _leaf(0), _node(0, 5.5, _leaf(1), _leaf(0))), np.array([0, 1, 0])))
def example_from_prompt(m):
    """six 2-D rows, max_depth = 2; the first query sits exactly on the root threshold"""
    X = np.array([[1.0, 5.0], [2.0, 4.0], [3.0, 7.0], [4.0, 1.0], [5.0, 6.0], [6.0, 2.0]])
    X_test = np.array([[2.5, 0.0], [3.5, 6.0], [6.0, 1.0]])
    return _fit_predict(m, X, np.array([0, 0, 1, 1, 1, 0]), X_test, max_depth=2)


@sample(expected=_node(0, 0.5, _node(1, 0.5, _leaf(0), _leaf(1)), _node(1, 0.5, _leaf(1), _leaf(0))))
def xor_splits_without_improvement(m):
    """XOR on four corners, no depth limit: the root split does not lower the Gini impurity"""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return m.fit_tree(X, np.array([0, 1, 1, 0]))


@sample(expected=(_leaf(1), np.array([1, 1])))
def depth_zero_is_one_leaf(m):
    """max_depth = 0 with labels [4, 1, 4, 1, 2]: labels 4 and 1 tie, the smallest wins"""
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    return _fit_predict(m, X, np.array([4, 1, 4, 1, 2]), np.array([[0.0], [9.0]]), max_depth=0)


@_expected_from_model(hidden)
def parity_of_three_bits(m):
    """labels are the parity of three 0/1 features: only the third level of splits lowers the impurity"""
    X = np.array([[a, b, c] for a in (0.0, 1.0) for b in (0.0, 1.0) for c in (0.0, 1.0)])
    y = X.sum(axis=1).astype(int) % 2
    X_test = np.array([[0.2, 0.9, 0.4], [1.0, 0.5, 0.5], [0.7, 0.1, 1.0]])
    return _fit_predict(m, X, y, X_test, max_depth=3)


@hidden(expected=(_node(0, 3.5, _leaf(3), _leaf(6)), _leaf(3)))
def min_samples_split_boundary(m):
    """six rows: min_samples_split = 6 splits the root (children of 3 are leaves), 7 does not"""
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    y = np.array([3, 5, 3, 6, 6, 5])
    return m.fit_tree(X, y, min_samples_split=6), m.fit_tree(X, y, min_samples_split=7)


@hidden(expected=_node(0, 2.5, _leaf(3), _leaf(2)))
def leaf_label_ties_after_depth_limit(m):
    """max_depth = 1: the left leaf holds labels 9, 3 (tie: 3), the right one 2, 7, 2, 7 (tie: 2)"""
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    return m.fit_tree(X, np.array([9, 3, 7, 2, 7, 2]), max_depth=1)


@_expected_from_model(hidden)
def pure_nodes_stop_early(m):
    """a pure half stops at depth 1 while the mixed half keeps splitting, no depth limit"""
    X = np.array([[0.0, 5.0], [1.0, 3.0], [2.0, 4.0], [10.0, 1.0], [11.0, 2.0], [12.0, 3.0], [13.0, 0.0]])
    return m.fit_tree(X, np.array([1, 1, 1, 0, 2, 0, 2]))


@_expected_from_model(hidden)
def identical_rows_with_different_labels(m):
    """duplicated points with conflicting labels end in leaves with no possible threshold"""
    X = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [2.0, 0.0], [2.0, 0.0], [3.0, 3.0]])
    y = np.array([8, 4, 4, 8, 4, 8])
    return _fit_predict(m, X, y, np.array([[1.0, 1.0], [2.0, 0.0], [5.0, 5.0]]))


@hidden(expected=_node(1, 1.5, _leaf(0), _node(1, 5.5, _leaf(1), _leaf(0))))
def threshold_and_feature_ties(m):
    """features 1 and 2 order the rows alike; at the root feature 1 ties at 1.5 and 5.5, feature 0 is worse"""
    a = np.array([3.0, 1.0, 4.0, 2.0, 6.0, 5.0])
    X = np.column_stack([[1.0, 1.0, 1.0, 2.0, 2.0, 2.0], a, 2 * a + 1.0])
    y = np.array([1, 0, 1, 1, 0, 1])
    return m.fit_tree(X, y, max_depth=2)


@_expected_from_model(hidden)
def queries_on_every_threshold(m):
    """predictions for points placed exactly on the learned thresholds (ties go left)"""
    X, y = _random(1, 30, 2, 3)
    tree = m.fit_tree(X, y, max_depth=3)
    queries = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if "label" not in node:
            for other in (-5.0, 0.0, 5.0):
                q = np.full(2, other)
                q[node["feature"]] = node["threshold"]
                queries.append(q)
            stack += [node["left"], node["right"]]
    return tree, m.predict_tree(tree, np.array(queries))


@_expected_from_model(hidden)
def three_classes_depth_four(m):
    """60 rows, 3 features, labels 0, 1, 2; max_depth = 4"""
    X, y = _random(2, 60, 3, 3)
    X_test, _ = _random(12, 40, 3, 3)
    return _fit_predict(m, X, y, X_test, max_depth=4)


@_expected_from_model(hidden)
def unlimited_depth_with_repeated_values(m):
    """50 rows rounded to one decimal, labels 5, 7, 9: grown until every leaf is pure or unsplittable"""
    X, y = _random(3, 50, 3, 3, decimals=1)
    X_test, _ = _random(13, 30, 3, 3, decimals=1)
    return _fit_predict(m, X, np.array([5, 7, 9])[y], X_test)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """300 rows, 5 features, 4 classes; max_depth = 6, min_samples_split = 10; 200 test rows"""
    X, y = _random(4, 300, 5, 4)
    X_test, _ = _random(14, 200, 5, 4)
    return _fit_predict(m, X, y, X_test, max_depth=6, min_samples_split=10)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _random(5, 20, 2, 2)
    X_test = X[:5] + 0.1
    _fit_predict(m, X, y, X_test, max_depth=3)
    return X, y, X_test


# Independent checks of the reference itself (plain pytest only).
def _assert_same_tree(a, b, tol=1e-12):
    assert ("label" in a) == ("label" in b)
    if "label" in a:
        assert a["label"] == b["label"]
        return
    assert a["feature"] == b["feature"] and abs(a["threshold"] - b["threshold"]) <= tol
    _assert_same_tree(a["left"], b["left"], tol)
    _assert_same_tree(a["right"], b["right"], tol)


def test_matches_brute_force(solution):
    cases = [(_random(2, 60, 3, 3), 4, 2), (_random(3, 50, 3, 3, decimals=1), None, 2),
             (_random(4, 300, 5, 4), 6, 10), (_random(6, 40, 2, 2, decimals=0), None, 3)]
    for (X, y), max_depth, mss in cases:
        _assert_same_tree(solution.fit_tree(X, y, max_depth, mss), _brute_tree(X, y, 0, max_depth, mss))


def test_matches_sklearn(solution):
    from sklearn.tree import DecisionTreeClassifier

    X, y = _random(7, 400, 4, 3)
    X = X.astype(np.float32).astype(float)  # sklearn works in float32
    # Depth 3: deeper nodes of this data set hold exact ties across features, which sklearn breaks at random.
    ref = DecisionTreeClassifier(max_depth=3, min_samples_split=5, random_state=0).fit(X, y).tree_

    def convert(i):
        if ref.children_left[i] == -1:
            return {"label": int(np.argmax(ref.value[i][0]))}
        return {"feature": int(ref.feature[i]), "threshold": float(ref.threshold[i]),
                "left": convert(ref.children_left[i]), "right": convert(ref.children_right[i])}

    _assert_same_tree(solution.fit_tree(X, y, 3, 5), convert(0), tol=1e-5)
