import numpy as np

from coding_katas.scenarios import hidden, sample

# Converged expected values are scikit-learn's (Lasso / ElasticNet with tol=1e-15, and Ridge with
# alpha * n for l1_ratio = 0), pasted as literals. Few-sweep expected values come from _naive_sweeps, which
# recomputes the whole residual for every coordinate instead of updating it.


def _data(seed, n, d, corr=0.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if corr:
        X[:, 1] = corr * X[:, 0] + np.sqrt(1 - corr ** 2) * X[:, 1]
    w = np.zeros(d)
    w[:3] = [3.0, -2.0, 1.5]
    return X, X @ w + 0.5 * rng.normal(size=n) + 2.0


def _naive_sweeps(X, y, alpha, l1_ratio, n_sweeps):
    n, d = X.shape
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.zeros(d)
    for _ in range(n_sweeps):
        for j in range(d):
            others = yc - np.delete(Xc, j, axis=1) @ np.delete(w, j)
            rho = Xc[:, j] @ others / n
            z = Xc[:, j] @ Xc[:, j] / n
            shrunk = max(abs(rho) - alpha * l1_ratio, 0.0) * (1 if rho > 0 else -1)
            w[j] = shrunk / (z + alpha * (1 - l1_ratio)) if z > 0 else 0.0
    return w, y.mean() - X.mean(axis=0) @ w


@sample(expected=(np.array([0.7]), 1.0))
def one_feature_by_hand(m):
    """X = [1, 2, 3, 4], y = [1, 3, 2, 5], alpha 0.5: w = S(1.375, 0.5) / 1.25 = 0.7, b = 1.0"""
    return m.elastic_net_cd(np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([1.0, 3.0, 2.0, 5.0]), 0.5)


@sample(expected=(np.array([2.8204668745332064, -1.8784304874985607, 1.4128437599359296]), 1.8750470818054021))
def lasso_matches_sklearn(m):
    """20 points, 3 features, alpha 0.1, l1_ratio 1, 1000 sweeps: scikit-learn's Lasso"""
    return m.elastic_net_cd(*_data(5, 20, 3), 0.1)


X_ONE, Y_ONE = _data(1, 30, 5)


@sample(expected=_naive_sweeps(X_ONE, Y_ONE, 0.1, 1.0, 1))
def exactly_one_sweep(m):
    """one Gauss-Seidel sweep of lasso on 30 points x 5 features, alpha 0.1"""
    return m.elastic_net_cd(X_ONE, Y_ONE, 0.1, n_sweeps=1)


@hidden(expected=(np.array([0.8341042143851786, -0.06834046499707322, 1.479436722628226, 0.07265385620855978, 0.0,
                            0.0]), 1.8634466440997672))
def elastic_net_correlated(m):
    """40 points, 6 features (0 and 1 correlated at 0.9), alpha 0.2, l1_ratio 0.5, 3000 sweeps: sklearn's ElasticNet"""
    return m.elastic_net_cd(*_data(6, 40, 6, corr=0.9), 0.2, 0.5, n_sweeps=3000)


@hidden(expected=(np.array([0.7815453126816968, 0.2398471804513621, 0.7061697809167594, -0.1312707006818109,
                            -0.17520897083686163]), 1.9479121464971387))
def pure_ridge(m):
    """l1_ratio 0, alpha 0.3 on 30 points with correlation 0.95, 3000 sweeps: scikit-learn's Ridge(alpha = 0.3 * n)"""
    return m.elastic_net_cd(*_data(7, 30, 5, corr=0.95), 0.3, 0.0, n_sweeps=3000)


X_BIG, Y_BIG = _data(2, 25, 4)


@hidden(expected=(np.zeros(4), float(Y_BIG.mean())))
def alpha_kills_every_weight(m):
    """alpha = 10 exceeds max |Xc.T @ yc| / n: every weight is 0 and b is mean(y)"""
    return m.elastic_net_cd(X_BIG, Y_BIG, 10.0)


X_CONST, Y_CONST = _data(3, 25, 5)
X_CONST[:, 3] = 4.2


@hidden(expected=_naive_sweeps(X_CONST, Y_CONST, 0.05, 0.7, 2))
def constant_column_two_sweeps(m):
    """column 3 is constant (z_3 = 0 after centring), elastic net alpha 0.05, l1_ratio 0.7, two sweeps"""
    return m.elastic_net_cd(X_CONST, Y_CONST, 0.05, 0.7, n_sweeps=2)


X_GS, Y_GS = _data(4, 50, 4, corr=0.95)


@hidden(expected=_naive_sweeps(X_GS, Y_GS, 0.3, 0.2, 3))
def gauss_seidel_order_matters(m):
    """features 0 and 1 correlated at 0.95, three sweeps: simultaneous (Jacobi) updates give other numbers"""
    return m.elastic_net_cd(X_GS, Y_GS, 0.3, 0.2, n_sweeps=3)


@hidden(expected=(np.array([2.929581552794846, -2.058805228180214, 1.4987687622221935, -0.14501450167341656, 0.0,
                            -0.08632126934471929, 0.0, 0.04980977719012212]), 2.0114318659317485))
def lasso_sparse_eight_features(m):
    """25 points, 8 features of which 3 matter, alpha 0.05, 2000 sweeps: scikit-learn's Lasso"""
    return m.elastic_net_cd(*_data(3, 25, 8), 0.05, n_sweeps=2000)


@hidden(expected=[X_ONE.copy(), Y_ONE.copy()])
def inputs_not_modified(m):
    X, y = X_ONE.copy(), Y_ONE.copy()
    m.elastic_net_cd(X, y, 0.1, 0.5, n_sweeps=5)
    return [X, y]


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    import warnings

    from sklearn.linear_model import ElasticNet

    for seed, alpha, l1_ratio in ((11, 0.05, 1.0), (12, 0.3, 0.5), (13, 0.01, 0.9)):
        X, y = _data(seed, 60, 7, corr=0.5)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-15, max_iter=100_000).fit(X, y)
        w, b = solution.elastic_net_cd(X, y, alpha, l1_ratio, n_sweeps=3000)
        np.testing.assert_allclose(w, ref.coef_, rtol=1e-9, atol=1e-12)
        assert abs(b - ref.intercept_) < 1e-9
