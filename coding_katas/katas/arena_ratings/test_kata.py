import math
import random

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; Elo from _elo_loop (the logistic written with exp and log(base)); Bradley-Terry from
# _newton_mle, an independent fit: Newton's method on the log-likelihood in theta = log p (first model pinned
# to 0, then centred), iterated to machine precision; the MM fixed point must agree with it.


def _elo_loop(battles, k=4.0, scale=400.0, base=10.0, init=1000.0):
    r = {}
    for a, b, o in battles:
        for name in (a, b):
            r.setdefault(name, init)
        e = 1.0 / (1.0 + math.exp(math.log(base) * (r[b] - r[a]) / scale))
        s = {"a": 1.0, "b": 0.0, "tie": 0.5}[o]
        delta = k * (s - e)
        r[a], r[b] = r[a] + delta, r[b] - delta
    return r


def _newton_mle(battles, scale=400.0, base=10.0, init=1000.0):
    models = sorted({m for a, b, _ in battles for m in (a, b)})
    idx = {m: i for i, m in enumerate(models)}
    n = len(models)
    W, N = np.zeros(n), np.zeros((n, n))
    for a, b, o in battles:
        s = {"a": 1.0, "b": 0.0, "tie": 0.5}[o]
        W[idx[a]] += s
        W[idx[b]] += 1 - s
        N[idx[a], idx[b]] += 1
        N[idx[b], idx[a]] += 1
    theta = np.zeros(n)
    for _ in range(200):
        sig = 1 / (1 + np.exp(-(theta[:, None] - theta[None, :])))
        grad = W - (N * sig).sum(axis=1)
        H = N * sig * (1 - sig)
        H = H - np.diag(H.sum(axis=1))
        step = np.linalg.solve(H[1:, 1:], -grad[1:])  # theta[0] stays 0 (the likelihood ignores shifts)
        theta[1:] += step
        if np.max(np.abs(step)) < 1e-15:
            break
    theta -= theta.mean()
    return {m: init + scale * theta[idx[m]] / math.log(base) for m in models}


ONE = 1000 + 400 * math.log10(math.sqrt(3))


@sample(expected=[_elo_loop([("x", "y", "a"), ("x", "y", "tie")]), {"x": ONE, "y": 2000 - ONE}])
def prompt_example(m):
    """Elo over a win and a tie; Bradley-Terry for x winning 3 of 4 (p_x / p_y = 3)"""
    return [m.online_elo([("x", "y", "a"), ("x", "y", "tie")]),
            m.bradley_terry([("x", "y", "a")] * 3 + [("y", "x", "a")])]


@sample(expected={"x": 1002.0, "y": 998.0})
def first_battle_by_hand(m):
    """equal ratings: E = 0.5, the winner gains k / 2 = 2 points"""
    return m.online_elo([("x", "y", "a")])


@sample(expected={"p": 1000.0, "q": 1000.0})
def bradley_terry_all_ties(m):
    """two ties: equal strengths, both at init"""
    return m.bradley_terry([("p", "q", "tie"), ("q", "p", "tie")])


def _arena(seed, n_models, n_battles, tie_rate=0.15):
    rng = random.Random(seed)
    skill = {f"m{i}": rng.gauss(0, 1) for i in range(n_models)}
    names = sorted(skill)
    battles = []
    for _ in range(n_battles):
        a, b = rng.sample(names, 2)
        u = rng.random()
        p_a = 1 / (1 + math.exp(skill[b] - skill[a]))
        battles.append((a, b, "tie" if u < tie_rate else "a" if rng.random() < p_a else "b"))
    return battles


ARENA = _arena(1, 6, 400)


@hidden(expected=_newton_mle(ARENA))
def bradley_terry_six_models(m):
    """6 models, 400 battles with 15% ties: the MM fixed point equals the Newton MLE"""
    return m.bradley_terry(ARENA)


@hidden(expected=_newton_mle(list(reversed(ARENA))))
def bradley_terry_ignores_order(m):
    """the same battles reversed: the same ratings"""
    return m.bradley_terry(list(reversed(ARENA)))


@hidden(expected=[_elo_loop(ARENA), _elo_loop(list(reversed(ARENA)))])
def online_elo_depends_on_order(m):
    """online Elo over the battles and over them reversed: different results"""
    return [m.online_elo(ARENA), m.online_elo(list(reversed(ARENA)))]


CHAIN = [("a", "b", "a")] * 5 + [("b", "a", "a")] * 2 + [("b", "c", "a")] * 4 + [("c", "b", "tie")] * 3 + \
        [("c", "d", "b"), ("d", "c", "tie"), ("c", "d", "a")] * 2


@hidden(expected=_newton_mle(CHAIN, scale=173.7177927613007, base=math.e, init=1500.0))
def sparse_chain_other_scale(m):
    """a chain a-b-c-d (a never meets c or d), natural-log scale 400 / ln 10, init 1500"""
    return m.bradley_terry(CHAIN, scale=173.7177927613007, base=math.e, init=1500.0)


@hidden(expected=_elo_loop(CHAIN, k=32.0, init=1500.0))
def elo_k32_new_model_as_b(m):
    """k = 32, init 1500; model d first appears as model_b"""
    return m.online_elo(CHAIN, k=32.0, init=1500.0)


@hidden(expected=list(ARENA))
def input_not_modified(m):
    battles = list(ARENA)
    m.bradley_terry(battles)
    m.online_elo(battles)
    return battles
