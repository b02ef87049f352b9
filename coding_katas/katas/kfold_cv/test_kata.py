import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected folds and scores below are scikit-learn's (KFold, cross_val_score with Ridge, NearestCentroid,
# DummyRegressor), pasted as literals; test_matches_sklearn repeats the check over many sizes.


def _folds(pairs):
    return [(np.array(train), np.array(test)) for train, test in pairs]


def _split(m, *args, **kwargs):
    try:
        return m.kfold_split(*args, **kwargs)
    except ValueError:
        return "ValueError"


@sample(expected=_folds([([4, 5, 6, 7, 8, 9], [0, 1, 2, 3]), ([0, 1, 2, 3, 7, 8, 9], [4, 5, 6]),
                         ([0, 1, 2, 3, 4, 5, 6], [7, 8, 9])]))
def ten_samples_three_folds(m):
    """kfold_split(10, 3): fold sizes 4, 3, 3"""
    return m.kfold_split(10, 3)


@sample(expected=_folds([([2, 3, 4], [0, 1, 5]), ([0, 1, 5], [2, 3, 4])]))
def shuffled_with_seed(m):
    """kfold_split(6, 2, shuffle=True, random_state=42)"""
    return m.kfold_split(6, 2, shuffle=True, random_state=42)


def _mean_model(X, y):
    return float(np.mean(y))


def _neg_mse_of_constant(model, X, y):
    return -float(np.mean((y - model) ** 2))


@sample(expected=(np.array([-4.0625, -4.64, -19.540000000000003]), -9.414166666666668))
def mean_predictor_unweighted_mean(m):
    """predict the training mean, score = -MSE, y = [3, 1, 4, 1, 5, 9, 2], 3 folds of sizes 3, 2, 2"""
    y = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0])
    return m.cross_val_mean(np.zeros((7, 1)), y, 3, _mean_model, _neg_mse_of_constant)


@hidden(expected=_folds([([i for i in range(7) if i != k], [k]) for k in range(7)]))
def leave_one_out(m):
    """kfold_split(7, 7)"""
    return m.kfold_split(7, 7)


@hidden(expected=_folds([([0, 1, 3, 4, 5, 6, 7, 9, 11, 12], [2, 8, 10]), ([2, 3, 4, 6, 7, 8, 9, 10, 11, 12], [0, 1, 5]),
                         ([0, 1, 2, 3, 4, 5, 6, 8, 9, 10], [7, 11, 12]), ([0, 1, 2, 4, 5, 7, 8, 9, 10, 11, 12], [3, 6]),
                         ([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12], [4, 9])]))
def shuffled_uneven_folds(m):
    """kfold_split(13, 5, shuffle=True, random_state=7): sizes 3, 3, 3, 2, 2, each fold sorted"""
    return m.kfold_split(13, 5, shuffle=True, random_state=7)


@hidden(expected=_folds([([0, 1, 3, 5, 6, 7, 8, 10], [2, 4, 9]), ([0, 2, 3, 4, 5, 7, 8, 9], [1, 6, 10]),
                         ([0, 1, 2, 4, 5, 6, 9, 10], [3, 7, 8]), ([1, 2, 3, 4, 6, 7, 8, 9, 10], [0, 5])]))
def shuffled_seed_zero(m):
    """kfold_split(11, 4, shuffle=True, random_state=0)"""
    return m.kfold_split(11, 4, shuffle=True, random_state=0)


@hidden(expected=["ValueError", "ValueError", "ValueError"])
def invalid_numbers_of_splits(m):
    """n_splits = 1, n_splits = 0 and n_splits = 6 > n_samples = 5"""
    return [_split(m, 5, 1), _split(m, 5, 0), _split(m, 5, 6)]


def _ridge_fit(X, y, alpha=1.0):
    xm, ym = X.mean(axis=0), y.mean()
    Xc = X - xm
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ (y - ym))
    return w, ym - xm @ w


def _ridge_neg_mse(model, X, y):
    w, b = model
    return -float(np.mean((X @ w + b - y) ** 2))


@hidden(expected=(np.array([-0.1314619396400702, -0.050864474897225974, -0.18424895410927772, -0.15576982008720136,
                            -0.20096605045271307]), -0.1446622478372977))
def ridge_five_folds(m):
    """ridge regression (alpha 1, intercept) on 23 noisy linear points, 5 folds, score = -MSE"""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(23, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.normal(size=23) + 1.0
    return m.cross_val_mean(X, y, 5, _ridge_fit, _ridge_neg_mse)


def _centroid_fit(X, y):
    labels = np.unique(y)
    return labels, np.stack([X[y == c].mean(axis=0) for c in labels])


def _centroid_accuracy(model, X, y):
    labels, centroids = model
    d = ((X[:, None, :] - centroids[None]) ** 2).sum(axis=-1)
    return float(np.mean(labels[d.argmin(axis=1)] == y))


@hidden(expected=(np.array([1.0, 0.8333333333333334, 1.0, 1.0]), 0.9583333333333334))
def nearest_centroid_accuracy(m):
    """nearest-centroid classifier on 25 points in 3 sorted clusters, 4 folds, accuracy"""
    rng = np.random.default_rng(4)
    X = np.vstack([rng.normal(size=(9, 2)) + [2, 0], rng.normal(size=(8, 2)) - [2, 0],
                   rng.normal(size=(8, 2)) + [0, 3]])
    y = np.array([0] * 9 + [1] * 8 + [2] * 8)
    return m.cross_val_mean(X, y, 4, _centroid_fit, _centroid_accuracy)


@hidden(expected=[5, 5])
def fit_and_score_once_per_fold(m):
    """counts of fit and score calls for 5 folds"""
    calls = [0, 0]

    def fit(X, y):
        calls[0] += 1
        return 0.0

    def score(model, X, y):
        calls[1] += 1
        return 1.0

    m.cross_val_mean(np.zeros((12, 2)), np.zeros(12), 5, fit, score)
    return calls


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.model_selection import KFold

    for n in range(2, 30):
        for k in range(2, n + 1, 3):
            for shuffle, seed in ((False, None), (True, n * k)):
                got = solution.kfold_split(n, k, shuffle=shuffle, random_state=seed)
                want = list(KFold(k, shuffle=shuffle, random_state=seed).split(np.zeros(n)))
                assert len(got) == len(want)
                for (gtr, gte), (wtr, wte) in zip(got, want, strict=True):
                    np.testing.assert_array_equal(gtr, wtr)
                    np.testing.assert_array_equal(gte, wte)
