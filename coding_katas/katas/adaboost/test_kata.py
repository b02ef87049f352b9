import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected stumps, alphas and predictions are scikit-learn's (AdaBoostClassifier with
# DecisionTreeClassifier(max_depth=1), SAMME), pasted as literals. Inputs are multiples of 1/64, exact in
# float32, so scikit-learn's float32 thresholds equal the float64 midpoints.


def _data(seed, n, d, K, noise):
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(size=(n, d)) * 64) / 64
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int) if K == 2 else np.digitize(X[:, 0] - 0.7 * X[:, 1], [-0.6, 0.6])
    flip = rng.random(n) < noise
    y = np.where(flip, rng.integers(0, K, n), y)
    X_test = np.round(rng.normal(size=(8, d)) * 64) / 64 + 1 / 128
    return X, y, X_test


def _expected(stumps, alphas, predictions):
    return {"stumps": stumps, "alphas": np.array(alphas), "predictions": np.array(predictions)}


@sample(expected=_expected([(0, 2.5, 0, 1)], [1.0], [0, 1]))
def perfect_first_stump(m):
    """X = [1, 2, 3, 4], y = [0, 0, 1, 1], 3 estimators: one perfect stump with alpha 1, then stop"""
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    return m.adaboost_samme(X, np.array([0, 0, 1, 1]), np.array([[0.0], [2.6]]), 3)


@sample(expected=_expected(
    [(0, 0.0234375, 0, 1), (1, -0.0234375, 0, 1), (0, 0.3359375, 0, 1), (0, -0.4296875, 0, 1), (1, 0.625, 0, 1)],
    [1.7346010553881064, 2.3353749158170367, 1.817077277212345, 1.9459101490553135, 1.621685665668739],
    [1, 0, 1, 0, 0, 1, 0, 1]))
def binary_five_rounds(m):
    """20 points, 2 features, 2 classes with 10% label noise, 5 estimators"""
    return m.adaboost_samme(*_data(1, 20, 2, 2, 0.1), 5)


@sample(expected=_expected(
    [(1, 0.71875, 1, 0), (0, 0.5, 1, 2), (1, -0.171875, 2, 0), (0, 0.78125, 1, 2), (1, -0.171875, 2, 0),
     (0, 0.78125, 1, 2), (0, 0.0859375, 0, 1), (1, 0.140625, 2, 1)],
    [1.3862943611198908, 1.0986122886681096, 1.6029653979284828, 1.465282772438521, 1.424515573940088,
     1.4051036930773861, 1.50039333299304, 1.2739541908253407],
    [1, 2, 1, 1, 1, 0, 1, 1]))
def three_classes(m):
    """30 points, 3 features, 3 classes with 15% noise, 8 estimators: alpha includes ln(K - 1)"""
    return m.adaboost_samme(*_data(2, 30, 3, 3, 0.15), 8)


@hidden(expected=_expected(
    [(0, -0.296875, 0, 1), (1, -0.734375, 0, 1), (0, 0.2578125, 0, 1), (3, -0.2578125, 1, 0), (0, -0.296875, 0, 1),
     (1, -0.734375, 0, 1), (2, 0.2734375, 0, 1), (0, 0.2578125, 0, 1), (0, -2.21875, 0, 1), (0, -2.1015625, 1, 0)],
    [2.1972245773362196, 1.421385680931161, 1.6945957207744076, 1.297840577121473, 1.1155934380668815,
     1.1313513029306712, 0.8836830994477927, 0.9696197779413658, 0.7304764813690897, 0.8613473466787026],
    [0, 1, 0, 1, 1, 1, 0, 1]))
def four_features_ten_rounds(m):
    """40 points, 4 features, 2 classes with 20% noise, 10 estimators"""
    return m.adaboost_samme(*_data(3, 40, 4, 2, 0.2), 10)


@hidden(expected=_expected(
    [(0, 0.765625, 1, 2), (1, -0.3515625, 2, 0), (0, -1.140625, 0, 1), (0, 0.765625, 0, 2), (1, -0.8828125, 2, 1),
     (0, 0.765625, 0, 2)],
    [1.2685113254635072, 1.791759469228055, 1.9340444857788124, 1.2665205746142232, 1.5870848704536527,
     1.4787183210871118],
    [1, 0, 2, 1, 2, 1, 1, 1]))
def three_classes_no_noise(m):
    """25 points, 2 features, 3 classes without noise, 6 estimators"""
    return m.adaboost_samme(*_data(4, 25, 2, 3, 0.0), 6)


@hidden(expected=_expected(
    [(0, 0.0234375, 3, 7), (0, 0.0859375, 7, 9), (1, -0.1484375, 9, 3), (0, 0.4921875, 7, 7), (0, 0.0234375, 3, 9)],
    [1.0986122886681096, 1.2237754316221148, 0.8819412518595171, 1.1970523614813624, 0.9294818954045997],
    [9, 7, 7, 7, 3, 7, 3, 3]))
def labels_three_seven_nine(m):
    """30 points, 3 classes labelled 3, 7 and 9, 5 estimators"""
    X, y, X_test = _data(6, 30, 2, 3, 0.1)
    return m.adaboost_samme(X, np.array([3, 7, 9])[y], X_test, 5)


@hidden(expected=_expected(
    [(0, 0.0234375, 0, 1), (2, -0.0234375, 0, 1), (0, 0.3359375, 0, 1), (0, -0.4296875, 0, 1), (2, 0.625, 0, 1)],
    [1.7346010553881064, 2.3353749158170367, 1.817077277212345, 1.9459101490553135, 1.621685665668739],
    [1, 0, 1, 0, 0, 1, 0, 1]))
def duplicate_feature_goes_to_lower_index(m):
    """binary_five_rounds with columns [x0, x0, x1]: feature 1 always ties with feature 0 and loses"""
    X, y, X_test = _data(1, 20, 2, 2, 0.1)
    return m.adaboost_samme(X[:, [0, 0, 1]], y, X_test[:, [0, 0, 1]], 5)


@hidden(expected=_expected([], [], [0, 0, 0]))
def xor_is_no_better_than_chance(m):
    """XOR on the unit square: the best stump has error 0.5 = 1 - 1/K, so it is discarded and no stump is kept"""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return m.adaboost_samme(X, np.array([0, 1, 1, 0]), np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5]]), 4)


@hidden(expected=list(_data(2, 30, 3, 3, 0.15)))
def inputs_not_modified(m):
    X, y, X_test = _data(2, 30, 3, 3, 0.15)
    m.adaboost_samme(X, y, X_test, 4)
    return [X, y, X_test]


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    import warnings

    from sklearn.ensemble import AdaBoostClassifier
    from sklearn.tree import DecisionTreeClassifier

    for seed, n, d, K, noise, rounds in ((7, 50, 3, 2, 0.15, 12), (8, 60, 4, 3, 0.2, 15), (9, 35, 2, 3, 0.05, 9)):
        X, y, X_test = _data(seed, n, d, K, noise)
        got = solution.adaboost_samme(X, y, X_test, rounds)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=rounds, random_state=0).fit(X, y)
        stumps = [(int(e.tree_.feature[0]), float(e.tree_.threshold[0]), int(clf.classes_[np.argmax(e.tree_.value[1])]),
                   int(clf.classes_[np.argmax(e.tree_.value[2])])) for e in clf.estimators_]
        assert got["stumps"] == stumps
        np.testing.assert_allclose(got["alphas"], clf.estimator_weights_[:len(stumps)], rtol=1e-10)
        np.testing.assert_array_equal(got["predictions"], clf.predict(X_test))
