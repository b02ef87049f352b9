# Reports the one-sided tail 1 - Phi(|z|) instead of doubling it.
import math


def two_proportion_z_test(successes_a, n_a, successes_b, n_b):
    p = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    if se == 0:
        return 0.0, 1.0
    z = (successes_b / n_b - successes_a / n_a) / se
    return z, 0.5 * math.erfc(abs(z) / math.sqrt(2))
