import math


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> tuple[float, float]:
    """Pooled two-proportion z-test of p_b - p_a.

    Returns (z, two-sided p-value); (0.0, 1.0) when the pooled standard error is 0.
    """
    raise NotImplementedError
