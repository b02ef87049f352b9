# Converts strengths with the natural log, ignoring base (ratings stretched by ln 10).
import math
from collections import defaultdict

SCORE = {"a": 1.0, "b": 0.0, "tie": 0.5}


def online_elo(battles, k=4.0, scale=400.0, base=10.0, init=1000.0):
    rating = {}
    for a, b, outcome in battles:
        ra, rb = rating.setdefault(a, init), rating.setdefault(b, init)
        expected_a = 1.0 / (1.0 + base ** ((rb - ra) / scale))  # both from the ratings before this battle
        s_a = SCORE[outcome]
        rating[a] = ra + k * (s_a - expected_a)
        rating[b] = rb + k * ((1.0 - s_a) - (1.0 - expected_a))
    return rating


def bradley_terry(battles, scale=400.0, base=10.0, init=1000.0, max_iters=100_000, tol=1e-12):
    wins = defaultdict(float)
    pairs = defaultdict(int)
    for a, b, outcome in battles:
        wins[a] += SCORE[outcome]  # a tie is half a win for each side
        wins[b] += 1.0 - SCORE[outcome]
        pairs[a, b] += 1
        pairs[b, a] += 1
    models = sorted(wins)
    opponents = {i: [(j, n) for (x, j), n in pairs.items() if x == i] for i in models}
    p = {i: 1.0 for i in models}
    for _ in range(max_iters):
        new = {i: wins[i] / sum(n / (p[i] + p[j]) for j, n in opponents[i]) for i in models}
        log_gm = sum(math.log(v) for v in new.values()) / len(models)
        new = {i: v / math.exp(log_gm) for i, v in new.items()}
        change = max(abs(math.log(new[i]) - math.log(p[i])) for i in models)
        p = new
        if change < tol:
            break
    return {i: init + scale * math.log(p[i]) for i in models}
