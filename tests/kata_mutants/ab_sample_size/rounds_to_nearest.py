# Rounds the raw value to the nearest integer instead of up.
import math
from statistics import NormalDist


def ab_sample_size(baseline_rate: float, mde: float, alpha: float = 0.05, power: float = 0.8) -> int:
    p1 = baseline_rate
    p2 = baseline_rate + mde
    if not (0.0 < p1 < 1.0 and 0.0 < p2 < 1.0):
        raise ValueError("baseline_rate and baseline_rate + mde must lie strictly between 0 and 1")
    if mde == 0.0:
        raise ValueError("mde must be non-zero")
    if not (0.0 < alpha < 1.0 and 0.0 < power < 1.0):
        raise ValueError("alpha and power must lie strictly between 0 and 1")

    normal = NormalDist()
    z_alpha = normal.inv_cdf(1.0 - alpha / 2.0)  # two-sided test
    z_beta = normal.inv_cdf(power)
    p_bar = (p1 + p2) / 2.0
    root = z_alpha * math.sqrt(2.0 * p_bar * (1.0 - p_bar)) + z_beta * math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    return round(root * root / (mde * mde))
