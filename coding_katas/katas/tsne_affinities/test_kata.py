import numpy as np

from coding_katas.scenarios import hidden, sample


def _points(seed, n, d, scale=1.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, size=d) * scale


def _clusters(seed, n_per, d, gap):
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.normal(size=(n_per, d)), rng.normal(size=(n_per, d)) + gap])
    return X[rng.permutation(len(X))]


def _far_simplex(seed, n):
    """Corners of a huge simplex with small noise: distances are huge but differ only slightly."""
    return 1e4 * np.eye(n) + np.random.default_rng(seed).normal(size=(n, n))


def _spec(X, perplexity=30.0, tol=1e-5, max_iter=50):
    """The prompt's search written out row by row: entropy as log(sum w) + beta * E[d] on row-shifted distances."""
    X = np.asarray(X, float)
    n = len(X)
    D = ((X[:, None] - X[None]) ** 2).sum(-1)
    target = np.log(perplexity)
    Pc, betas = np.zeros((n, n)), np.zeros(n)

    def row(i, beta):
        d = np.delete(D[i], i)
        d = d - d.min()
        w = np.exp(-beta * d)
        return w / w.sum(), np.log(w.sum()) + beta * (w @ d) / w.sum()

    for i in range(n):
        beta, lo, hi = 1.0, None, None
        _, H = row(i, beta)
        for _ in range(max_iter):
            diff = H - target
            if abs(diff) <= tol:
                break
            if diff > 0:
                lo, beta = beta, (2 * beta if hi is None else (beta + hi) / 2)
            else:
                hi, beta = beta, (beta / 2 if lo is None else (beta + lo) / 2)
            _, H = row(i, beta)
        Pc[i, np.arange(n) != i] = row(i, beta)[0]
        betas[i] = beta
    return (Pc + Pc.T) / (2 * n), betas


def _example_expected():
    beta = 2.0 ** -9
    s = 1 / (1 + np.exp(-3 * beta))  # p_{1|0} = p_{1|2}
    p01, p02 = (s + 0.5) / 6, 2 * (1 - s) / 6
    P = np.array([[0.0, p01, p02], [p01, 0.0, p01], [p02, p01, 0.0]])
    return P, np.array([beta, 1.0, beta])


@sample(expected=_example_expected())
def example_from_prompt(m):
    """points 0, 1, 2 on a line, perplexity = 2"""
    return m.tsne_affinities(np.array([[0.0], [1.0], [2.0]]), perplexity=2.0)


@sample(expected=_spec(_points(1, 6, 2), perplexity=2.5, tol=0.0, max_iter=6))
def tol_zero_runs_every_iteration(m):
    """6 random 2-D points, perplexity = 2.5, tol = 0, max_iter = 6: each row makes exactly 6 updates"""
    return m.tsne_affinities(_points(1, 6, 2), perplexity=2.5, tol=0.0, max_iter=6)


@sample(expected=_spec(_far_simplex(2, 6), perplexity=2.0))
def far_apart_points_stay_finite(m):
    """6 points 1e4 * e_i plus unit noise: all squared distances near 2e8, so exp(-beta D) underflows unshifted"""
    return m.tsne_affinities(_far_simplex(2, 6), perplexity=2.0)


@hidden(expected=(np.array([[0.0, 0.5], [0.5, 0.0]]), np.full(2, 2.0 ** -10)))
def two_points(m):
    """n = 2: the only neighbour has p = 1 and entropy 0, so beta halves max_iter = 10 times"""
    return m.tsne_affinities(np.array([[1.0, 2.0], [4.0, -2.0]]), perplexity=5.0, max_iter=10)


def _beta_one(X):
    """beta = 1 everywhere: p_{j|i} = softmax(-D_ij) over j != i, symmetrised."""
    D = ((X[:, None] - X[None]) ** 2).sum(-1)
    np.fill_diagonal(D, np.inf)
    Pc = np.exp(-(D - D.min(1, keepdims=True)))
    Pc /= Pc.sum(1, keepdims=True)
    return (Pc + Pc.T) / (2 * len(X)), np.ones(len(X))


@hidden(expected=_beta_one(_points(3, 7, 2)))
def max_iter_zero_keeps_beta_one(m):
    """max_iter = 0: no update, beta = 1 for every row"""
    return m.tsne_affinities(_points(3, 7, 2), perplexity=3.0, max_iter=0)


@hidden(expected=[_spec(_points(4, 9, 2, scale=0.8), perplexity=3.0, tol=0.0, max_iter=k) for k in (1, 2)])
def one_and_two_updates(m):
    """tol = 0 with max_iter = 1 and 2: the rows whose first step doubles versus halves differ"""
    X = _points(4, 9, 2, scale=0.8)
    return [m.tsne_affinities(X, perplexity=3.0, tol=0.0, max_iter=k) for k in (1, 2)]


def _duplicated():
    X = _points(5, 10, 2)
    X[3] = X[7] = X[0]
    return X


@hidden(expected=_spec(_duplicated(), perplexity=4.0))
def duplicated_points(m):
    """three copies of one point among 10: zero distances are legal"""
    X = _duplicated()
    return m.tsne_affinities(X, perplexity=4.0)


@hidden(expected=_spec(_points(6, 5, 2), perplexity=10.0, max_iter=30))
def unreachable_perplexity(m):
    """5 points with perplexity 10 > n - 1: beta keeps halving for all max_iter = 30 steps"""
    return m.tsne_affinities(_points(6, 5, 2), perplexity=10.0, max_iter=30)


@hidden(expected=_spec(_points(7, 12, 3, scale=1e-3), perplexity=4.0))
def tiny_scale_doubles_beta(m):
    """coordinates around 1e-3: beta must double about twenty times before bisecting"""
    return m.tsne_affinities(_points(7, 12, 3, scale=1e-3), perplexity=4.0)


@hidden(expected=(_spec(_far_simplex(12, 10), perplexity=3.0), _spec(_points(13, 8, 3, scale=1000.0), perplexity=3.0)))
def large_similar_distances(m):
    """10 noisy corners of a simplex of side ~1.4e4, perplexity 3, plus coordinates in the thousands"""
    return (m.tsne_affinities(_far_simplex(12, 10), perplexity=3.0),
            m.tsne_affinities(_points(13, 8, 3, scale=1000.0), perplexity=3.0))


@hidden(expected=_spec(_clusters(8, 10, 3, gap=50.0), perplexity=5.0))
def two_far_clusters(m):
    """two clusters 50 apart: every cross-cluster weight underflows, each row still sums to 1"""
    return m.tsne_affinities(_clusters(8, 10, 3, gap=50.0), perplexity=5.0)


@hidden(expected=_spec(_points(9, 40, 5), perplexity=8.0, tol=1e-6))
def moderate_random_problem(m):
    """40 points in 5-D, perplexity 8, tol = 1e-6"""
    return m.tsne_affinities(_points(9, 40, 5), perplexity=8.0, tol=1e-6)


@hidden(expected=_spec(_points(10, 150, 10)))
def larger_random_problem(m):
    """150 points in 10-D with the defaults (perplexity 30)"""
    return m.tsne_affinities(_points(10, 150, 10))


@hidden(expected=_points(11, 6, 2))
def input_is_not_modified(m):
    X = _points(11, 6, 2)
    m.tsne_affinities(X, perplexity=2.0)
    return X


# Independent checks of the reference itself (plain pytest only).
def test_rows_meet_the_target_entropy(solution):
    X = _points(9, 40, 5)
    P, beta = solution.tsne_affinities(X, perplexity=8.0, tol=1e-6)
    D = ((X[:, None] - X[None]) ** 2).sum(-1)
    for i in range(40):
        w = np.exp(-beta[i] * np.delete(D[i], i))
        p = w / w.sum()
        assert abs(-(p * np.log(p)).sum() - np.log(8.0)) <= 1e-6
    np.testing.assert_allclose(P, P.T, atol=0)
    assert abs(P.sum() - 1) < 1e-12 and np.all(np.diag(P) == 0)


def test_matches_sklearn(solution):
    from sklearn.manifold._t_sne import _joint_probabilities

    for X, perplexity in [(_points(10, 150, 10), 30.0), (_clusters(8, 10, 3, gap=50.0), 5.0), (_points(9, 40, 5), 8.0)]:
        D = ((X[:, None] - X[None]) ** 2).sum(-1).astype(np.float32)
        expected = _joint_probabilities(D, perplexity, 0)  # condensed upper triangle, clipped at machine eps
        P, _ = solution.tsne_affinities(X, perplexity=perplexity)
        got = np.maximum(P[np.triu_indices(len(X), 1)], np.finfo(np.double).eps)
        np.testing.assert_allclose(got, expected, rtol=1e-3, atol=1e-7)


def test_random_scenarios_stay_away_from_the_tolerance_edge(solution):
    """No row's final |H - target| sits within 1e-9 of tol, so rounding cannot flip a stop decision."""
    cases = [(_points(9, 40, 5), 8.0, 1e-6), (_points(10, 150, 10), 30.0, 1e-5), (_points(7, 12, 3, scale=1e-3), 4.0, 1e-5)]
    for X, perplexity, tol in cases:
        _, beta = solution.tsne_affinities(X, perplexity=perplexity, tol=tol)
        D = ((X[:, None] - X[None]) ** 2).sum(-1)
        for i in range(len(X)):
            d = np.delete(D[i], i)
            d = d - d.min()
            w = np.exp(-beta[i] * d)
            p = w / w.sum()
            H = np.log(w.sum()) + beta[i] * (p @ d)
            assert abs(abs(H - np.log(perplexity)) - tol) > 1e-9
