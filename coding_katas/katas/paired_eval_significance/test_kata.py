from fractions import Fraction

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _independent: the binomial tail by the pmf recurrence in exact Fractions,
# the bootstrap differences row by row in Python, and the percentile by explicit linear interpolation between
# order statistics (the resampling indices come from the one rng call the prompt prescribes). The p-value is
# also checked against scipy.stats.binomtest below (plain pytest only).


def _tail(k, m):
    pmf, total = Fraction(1, 2**k), Fraction(0)
    for i in range(m + 1):
        total += pmf
        pmf = pmf * (k - i) / (i + 1)
    return total


def _percentile(values, q):
    v = sorted(values)
    pos = q / 100 * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def _independent(a, b, n_boot=1000, seed=0, alpha=0.05):
    n01 = sum(1 for x, y in zip(a, b) if x == 1 and y == 0)
    n10 = sum(1 for x, y in zip(a, b) if x == 0 and y == 1)
    k = n01 + n10
    p = 1.0 if k == 0 else float(min(Fraction(1), 2 * _tail(k, min(n01, n10))))
    idx = np.random.default_rng(seed).integers(0, len(a), size=(n_boot, len(a))).tolist()
    a_int, b_int = [int(x) for x in a], [int(x) for x in b]  # plain ints: indexing numpy per item is slow
    diffs = [sum(map(b_int.__getitem__, row)) / len(a) - sum(map(a_int.__getitem__, row)) / len(a) for row in idx]
    return {"diff": sum(b) / len(b) - sum(a) / len(a), "n01": n01, "n10": n10, "p_value": p,
            "ci_low": _percentile(diffs, 100 * alpha / 2), "ci_high": _percentile(diffs, 100 * (1 - alpha / 2))}


def _systems(seed, n, acc_a, acc_b, corr):
    """Correlated correctness: with probability corr B copies A's outcome, else it draws its own."""
    rng = np.random.default_rng(seed)
    a = (rng.random(n) < acc_a).astype(int)
    own = (rng.random(n) < acc_b).astype(int)
    b = np.where(rng.random(n) < corr, a, own)
    return a, b


EX_A = np.array([1, 1, 0, 0, 1, 0, 1, 1, 0, 1])
EX_B = np.array([1, 1, 1, 1, 1, 0, 1, 0, 1, 1])


@sample(expected=[0.2, 1, 3, 0.625])
def prompt_example_test(m):
    """10 items: n01 = 1, n10 = 3, p = 2 * (1 + 4) / 16 = 0.625; [diff, n01, n10, p]"""
    out = m.paired_significance(EX_A, EX_B)
    return [out["diff"], out["n01"], out["n10"], out["p_value"]]


@sample(expected=_independent(EX_A, EX_B))
def prompt_example_full(m):
    """the same items with the bootstrap interval (1000 resamples, seed 0)"""
    return m.paired_significance(EX_A, EX_B)


@sample(expected={"diff": 0.0, "n01": 0, "n10": 0, "p_value": 1.0, "ci_low": 0.0, "ci_high": 0.0})
def identical_systems(m):
    """A and B agree on every item: no discordant pair, p = 1, every bootstrap difference is 0"""
    x = np.array([1, 0, 1, 1, 0, 1])
    return m.paired_significance(x, x.copy(), n_boot=200, seed=3)


BENCH = _systems(1, 500, 0.70, 0.72, 0.8)


@hidden(expected=_independent(*BENCH))
def five_hundred_items_correlated(m):
    """500 items (target accuracies 70% and 72%), B copies A's outcome on 80% of items: small k, wide interval"""
    return m.paired_significance(*BENCH)


TIES = (np.array([1, 0] * 6 + [1] * 8), np.array([0, 1] * 6 + [1] * 8))


@hidden(expected=_independent(*TIES, n_boot=500, seed=7, alpha=0.1))
def equal_discordant_counts(m):
    """n01 = n10 = 6: the doubled tail is above 1 and must be capped; alpha 0.1, 500 resamples, seed 7"""
    return m.paired_significance(*TIES, n_boot=500, seed=7, alpha=0.1)


ALL_B = (np.array([0] * 12 + [1] * 30), np.array([1] * 12 + [1] * 30))


@hidden(expected=_independent(*ALL_B, n_boot=300, seed=1))
def every_discordant_item_favours_b(m):
    """12 discordant items, all won by B: p = 2 / 2^12"""
    return m.paired_significance(*ALL_B, n_boot=300, seed=1)


BIG = _systems(2, 5000, 0.55, 0.60, 0.3)


@hidden(expected=_independent(*BIG, n_boot=200, seed=11))
def large_k_exact(m):
    """5000 items with weakly correlated systems: k in the thousands, exact binomial tail"""
    return m.paired_significance(*BIG, n_boot=200, seed=11)


@hidden(expected=[EX_A.copy(), EX_B.copy()])
def inputs_not_modified(m):
    a, b = EX_A.copy(), EX_B.copy()
    m.paired_significance(a, b, n_boot=50)
    return [a, b]


# Independent checks of the reference itself (plain pytest only).
def test_p_value_matches_scipy_binomtest(solution):
    from scipy.stats import binomtest

    for seed in range(10, 20):
        a, b = _systems(seed, 300, 0.6, 0.65, 0.5)
        out = solution.paired_significance(a, b, n_boot=10)
        k = out["n01"] + out["n10"]
        assert abs(out["p_value"] - binomtest(out["n10"], k, 0.5).pvalue) < 1e-12
