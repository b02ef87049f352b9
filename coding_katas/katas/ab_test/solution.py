import math


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> tuple[float, float]:
    p_a = successes_a / n_a
    p_b = successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
    if se == 0.0:
        return 0.0, 1.0
    z = (p_b - p_a) / se
    # Two-sided tail of the standard normal: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt(2)), without cancellation.
    return z, math.erfc(abs(z) / math.sqrt(2.0))
