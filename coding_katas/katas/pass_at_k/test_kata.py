from fractions import Fraction
from itertools import combinations

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; by enumerating every k-subset of the n samples (small n); and with exact Fractions
# built from the product form prod (1 - k / i) (large n). The reference is also checked against the Codex paper's
# NumPy estimator below (plain pytest only).


def _enumerate(n, c, k):
    subsets = list(combinations([True] * c + [False] * (n - c), k))
    return sum(any(s) for s in subsets) / len(subsets), sum(all(s) for s in subsets) / len(subsets)


def _fraction_pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    prod = Fraction(1)
    for i in range(n - c + 1, n + 1):
        prod *= 1 - Fraction(k, i)
    return float(1 - prod)


def _fraction_pass_hat_k(n, c, k):
    if c < k:
        return 0.0
    prod = Fraction(1)
    for j in range(k):  # draw k without replacement, all correct
        prod *= Fraction(c - j, n - j)
    return float(prod)


def _errors(m, calls):
    out = []
    for fn, args in calls:
        try:
            getattr(m, fn)(*args)
            out.append("no error")
        except ValueError:
            out.append("ValueError")
    return out


@sample(expected=[0.4, 1.0, 0.6, 0.0])
def prompt_example(m):
    """pass@2 with n=5, c=1; pass@2 with n=5, c=4 (n - c < k); pass^2 with n=5, c=4; pass^2 with c=1"""
    return [m.pass_at_k(5, 1, 2), m.pass_at_k(5, 4, 2), m.pass_hat_k(5, 4, 2), m.pass_hat_k(5, 1, 2)]


@sample(expected=[(0.4 + 0.0 + 1.0) / 3, (0.0 + 0.0 + 1.0) / 3])
def mean_over_three_problems(m):
    """(5, 1), (10, 0), (3, 3) with k = 2: each problem counts once; pass@k then pass^k"""
    counts = [(5, 1), (10, 0), (3, 3)]
    return [m.mean_over_problems(counts, 2), m.mean_over_problems(counts, 2, metric="pass^k")]


@sample(expected=[3 / 10, 0.0, 1.0, 1.0])
def pass_at_one_and_extremes(m):
    """pass@1 = c / n (3 of 10); c = 0; c = n; k = n with one correct sample"""
    return [m.pass_at_k(10, 3, 1), m.pass_at_k(10, 0, 4), m.pass_at_k(10, 10, 4), m.pass_at_k(6, 1, 6)]


SMALL = [(n, c, k) for n in (4, 7, 9) for c in range(n + 1) for k in (1, 2, 3, n)]


@hidden(expected=[_enumerate(n, c, k) for n, c, k in SMALL])
def every_small_case_by_enumeration(m):
    """n in {4, 7, 9}, every c, k in {1, 2, 3, n}: [pass@k, pass^k] against counting all k-subsets"""
    return [(m.pass_at_k(n, c, k), m.pass_hat_k(n, c, k)) for n, c, k in SMALL]


LARGE = [(200, 1, 10), (200, 37, 50), (1000, 3, 100), (1000, 500, 500), (1000, 999, 1000), (1000, 20, 1),
         (1200, 40, 600), (1200, 1150, 600)]


@hidden(expected=[_fraction_pass_at_k(*a) for a in LARGE] + [_fraction_pass_hat_k(*a) for a in LARGE])
def large_n_exact(m):
    """n up to 1200 with k up to 1000: C(1200, 600) is about 10^359, beyond float range"""
    return [m.pass_at_k(*a) for a in LARGE] + [m.pass_hat_k(*a) for a in LARGE]


@hidden(expected=[_enumerate(8, 3, k) for k in range(1, 9)])
def sweep_k_from_one_to_n(m):
    """n = 8, c = 3, k = 1..8: pass@k rises to 1 (from k = 6 on), pass^k falls to 0 (from k = 4 on)"""
    return [(m.pass_at_k(8, 3, k), m.pass_hat_k(8, 3, k)) for k in range(1, 9)]


UNEVEN = [(200, 5), (20, 5), (7, 0), (50, 50), (13, 2)]


@hidden(expected=[sum(_fraction_pass_at_k(n, c, 5) for n, c in UNEVEN) / 5,
                  sum(_fraction_pass_hat_k(n, c, 5) for n, c in UNEVEN) / 5])
def problems_with_different_n(m):
    """five problems sampled 200, 20, 7, 50 and 13 times, k = 5: a plain mean, not weighted by n"""
    return [m.mean_over_problems(UNEVEN, 5), m.mean_over_problems(UNEVEN, 5, "pass^k")]


@hidden(expected=["ValueError", "ValueError", "ValueError", "no error"])
def invalid_arguments(m):
    """k > n for pass@k and pass^k, an unknown metric; k = n is fine"""
    return _errors(m, [("pass_at_k", (3, 1, 4)), ("pass_hat_k", (3, 1, 4)),
                       ("mean_over_problems", ([(5, 1)], 2, "pass@x")), ("pass_at_k", (3, 1, 3))])


# Independent checks of the reference itself (plain pytest only).
def test_matches_the_codex_numpy_estimator(solution):
    import numpy as np

    def codex(n, c, k):
        if n - c < k:
            return 1.0
        return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))

    for n in (1, 10, 100, 1000):
        for c in sorted({0, min(1, n), n // 3, n // 2, n - 1, n}):
            for k in sorted({1, min(2, n), max(1, n // 10), n}):
                assert abs(solution.pass_at_k(n, c, k) - codex(n, c, k)) < 1e-12
