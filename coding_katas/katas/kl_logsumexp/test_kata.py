import math

import numpy as np

from coding_katas.scenarios import hidden, sample

INF = np.inf
# Literal values were checked with scipy.special (logsumexp, rel_entr, log_softmax); the random cases use
# np.logaddexp.reduce (pairwise log-add, no max shift) and the expanded form
# KL = E_p[l_p] - lse(l_p) - E_p[l_q] + lse(l_q), both different computations from the reference's.


def _lse(x, axis=-1):
    return np.logaddexp.reduce(x, axis=axis)


def _kl_expanded(lp, lq, axis=-1):
    a, b = _lse(lp, axis), _lse(lq, axis)
    p = np.exp(lp - np.expand_dims(a, axis))
    return (p * lp).sum(axis) - a - (p * lq).sum(axis) + b


@sample(expected=[1000.0 + math.log(2), np.array([3.40760596444438, 0.0])])
def logsumexp_large_values(m):
    """logsumexp([1000, 1000]) and the row-wise logsumexp of [[1, 2, 3], [-1e4, 0, -1e4]]"""
    return [m.logsumexp(np.array([1000.0, 1000.0])), m.logsumexp(np.array([[1.0, 2.0, 3.0], [-1e4, 0.0, -1e4]]))]


@sample(expected=[0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5), 0.0])
def kl_by_hand(m):
    """KL([0.5, 0.5] || [0.9, 0.1]), and KL([0, 1] || [0, 1]) where 0 log(0/0) counts as 0"""
    return [m.kl_divergence(np.array([0.5, 0.5]), np.array([0.9, 0.1])),
            m.kl_divergence(np.array([0.0, 1.0]), np.array([0.0, 1.0]))]


@sample(expected=np.array([10000.0, 1.1504207652088827]))
def kl_from_huge_logits(m):
    """rows [1e4, 0, -1e4] vs [0, 1e4, 0] and [3, 2, 1] vs [1, 2, 3]"""
    return m.kl_from_logits(np.array([[1e4, 0.0, -1e4], [3.0, 2.0, 1.0]]), np.array([[0.0, 1e4, 0.0], [1.0, 2.0, 3.0]]))


@hidden(expected=[np.array([1.3132616875182228, -INF]), np.array([[1.3132616875182228], [-INF]])])
def logsumexp_neg_inf_rows(m):
    """[[0, -inf, 1], [-inf, -inf, -inf]] along axis 1, without and with keepdims"""
    x = np.array([[0.0, -INF, 1.0], [-INF, -INF, -INF]])
    return [m.logsumexp(x, axis=1), m.logsumexp(x, axis=1, keepdims=True)]


X3 = np.random.default_rng(1).normal(size=(4, 5, 3)) * 300


@hidden(expected=[_lse(X3, 0), _lse(X3, 1), _lse(X3, -1)])
def logsumexp_axes_of_3d(m):
    """a (4, 5, 3) array with entries of magnitude ~300, along axes 0, 1 and -1"""
    return [m.logsumexp(X3, axis=0), m.logsumexp(X3, axis=1), m.logsumexp(X3)]


@hidden(expected=np.array([0.23611171176326695, 0.19274475702175747]))
def kl_with_zeros(m):
    """p = [[0, .3, .7], [.2, .8, 0]], q = [[.1, .1, .8], [.5, .5, 0]]: zero p terms vanish, even against q = 0"""
    return m.kl_divergence(np.array([[0.0, 0.3, 0.7], [0.2, 0.8, 0.0]]), np.array([[0.1, 0.1, 0.8], [0.5, 0.5, 0.0]]))


@hidden(expected=[INF, np.array([0.0, INF])])
def kl_infinite_when_q_misses_support(m):
    """KL([.5, .5] || [1, 0]) = inf; along axis 0 of [[.5, 0], [.5, 1]] vs [[.5, 1], [.5, 0]]"""
    return [m.kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0])),
            m.kl_divergence(np.array([[0.5, 0.0], [0.5, 1.0]]), np.array([[0.5, 1.0], [0.5, 0.0]]), axis=0)]


LP = np.random.default_rng(2).normal(size=(6, 10)) * 8
LQ = np.random.default_rng(3).normal(size=(6, 10)) * 8


@hidden(expected=[_kl_expanded(LP, LQ), _kl_expanded(LP.T, LQ.T, axis=0), np.zeros(6)])
def kl_from_logits_batches(m):
    """(6, 10) logits along the last axis, the transposed along axis 0, and KL of a batch with itself (exactly 0)"""
    return [m.kl_from_logits(LP, LQ), m.kl_from_logits(LP.T, LQ.T, axis=0), m.kl_from_logits(LP, LP.copy())]


def _masked_by_hand():
    """p has support on tokens 0 and 2 only; q keeps all three tokens in its normaliser."""
    log_p = np.array([2.0, 1.0]) - _lse(np.array([2.0, 1.0]))
    log_q = np.array([0.5, 0.0]) - _lse(np.array([0.5, 3.0, 0.0]))
    return float(np.sum(np.exp(log_p) * (log_p - log_q)))


@hidden(expected=[_masked_by_hand(), INF])
def kl_from_logits_masked(m):
    """p logits [2, -inf, 1] vs q [0.5, 3, 0] (the masked token adds 0); then q masked where p is not: inf"""
    return [m.kl_from_logits(np.array([2.0, -INF, 1.0]), np.array([0.5, 3.0, 0.0])),
            m.kl_from_logits(np.array([2.0, 0.0, 1.0]), np.array([0.5, -INF, 0.0]))]


@hidden(expected=[np.array([[1e4, -INF], [0.0, 1.0]]), np.array([0.25, 0.75])])
def inputs_not_modified(m):
    x, p = np.array([[1e4, -INF], [0.0, 1.0]]), np.array([0.25, 0.75])
    m.logsumexp(x)
    m.kl_divergence(p, np.array([0.5, 0.5]))
    m.kl_from_logits(x, x[::-1].copy())
    return [x, p]


# Independent checks of the reference itself (plain pytest only).
def test_matches_scipy(solution):
    from scipy.special import log_softmax, logsumexp, rel_entr, softmax

    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 7, 4)) * 50
    x[1, :, 2] = -INF
    for axis in (0, 1, -1):
        np.testing.assert_allclose(solution.logsumexp(x, axis), logsumexp(x, axis=axis), rtol=1e-13)
    p, q = rng.dirichlet(np.ones(6), size=8), rng.dirichlet(np.ones(6), size=8)
    p[p < 0.05] = 0.0
    p /= p.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(solution.kl_divergence(p, q), rel_entr(p, q).sum(-1), rtol=1e-12)
    lp, lq = rng.normal(size=(8, 6)) * 5, rng.normal(size=(8, 6)) * 5
    expected = (softmax(lp, -1) * (log_softmax(lp, -1) - log_softmax(lq, -1))).sum(-1)
    np.testing.assert_allclose(solution.kl_from_logits(lp, lq), expected, rtol=1e-11)
