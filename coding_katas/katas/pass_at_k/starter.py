def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k: 1 - C(n - c, k) / C(n, k)."""
    raise NotImplementedError


def pass_hat_k(n: int, c: int, k: int) -> float:
    """pass^k: C(c, k) / C(n, k), the chance that k samples drawn without replacement are all correct."""
    raise NotImplementedError


def mean_over_problems(counts: list[tuple[int, int]], k: int, metric: str = "pass@k") -> float:
    """Plain mean over problems of pass@k (or pass^k) from (n, c) pairs."""
    raise NotImplementedError
