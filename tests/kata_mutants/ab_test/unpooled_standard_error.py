# Uses the unpooled (Wald) standard error sqrt(p_a(1-p_a)/n_a + p_b(1-p_b)/n_b) instead of the pooled one.
import math


def two_proportion_z_test(successes_a, n_a, successes_b, n_b):
    p_a, p_b = successes_a / n_a, successes_b / n_b
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    if se == 0:
        return 0.0, 1.0
    z = (p_b - p_a) / se
    return z, math.erfc(abs(z) / math.sqrt(2))
